{
  "targets": [
    {
      "target_name": "bfa_bignum",
      "sources": ["src/bignum.c", "src/views.c"],
      "cflags": ["-O2", "-Wall", "-Wextra", "-Werror"],
      "defines": ["NAPI_VERSION=8"]
    }
  ]
}
