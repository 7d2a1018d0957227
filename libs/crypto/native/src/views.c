#include "views.h"

#include <math.h>
#include <stdio.h>

static int refuse(napi_env env, const char *name, const char *what) {
  char message[160];
  snprintf(message, sizeof message, "%s %s", name, what);
  napi_throw_range_error(env, "ERR_BFA_BIGNUM_ARGUMENT", message);
  return 0;
}

int whole_number(napi_env env, napi_value value, const char *name, size_t *out) {
  napi_valuetype type;
  double number;
  if (napi_typeof(env, value, &type) != napi_ok || type != napi_number) return refuse(env, name, "must be a number");
  if (napi_get_value_double(env, value, &number) != napi_ok || !isfinite(number) || number != floor(number) ||
      number < 0 || number > (double)LIMIT)
    return refuse(env, name, "must be a whole number from 0 to 2^31 - 1");
  *out = (size_t)number;
  return 1;
}

static int typed_array(napi_env env, napi_value value, const char *name, napi_typedarray_type want, void **data,
                       size_t *length) {
  bool is_typed = false;
  napi_typedarray_type type;
  if (napi_is_typedarray(env, value, &is_typed) != napi_ok || !is_typed)
    return refuse(env, name, want == napi_uint8_array ? "must be a Uint8Array" : "must be an Int32Array");
  if (napi_get_typedarray_info(env, value, &type, length, data, NULL, NULL) != napi_ok || type != want)
    return refuse(env, name, want == napi_uint8_array ? "must be a Uint8Array" : "must be an Int32Array");
  if (*length > 0 && *data == NULL) return refuse(env, name, "is detached");
  return 1;
}

int byte_array(napi_env env, napi_value value, const char *name, uint8_t **data, size_t *length) {
  return typed_array(env, value, name, napi_uint8_array, (void **)data, length);
}

int int32_array(napi_env env, napi_value value, const char *name, int32_t **data, size_t *length) {
  return typed_array(env, value, name, napi_int32_array, (void **)data, length);
}

int strided_view(napi_env env, napi_value *argv, const char *name, size_t count, view *out) {
  if (!byte_array(env, argv[0], name, &out->data, &out->length)) return 0;
  if (!whole_number(env, argv[1], "an offset", &out->offset) || !whole_number(env, argv[2], "a stride", &out->stride) ||
      !whole_number(env, argv[3], "a width", &out->width))
    return 0;
  if (out->width == 0 || out->width > WIDTH_LIMIT) return refuse(env, name, "needs a width from 1 to 65536 bytes");
  /* A record's field lies within its stride, so records never overlap and the last one bounds them all. */
  if (out->offset + out->width > out->stride) return refuse(env, name, "has a field wider than its stride");
  if (count == 0) return 1;
  /* All values are below 2^31, so none of these sums or products overflows a 64-bit size_t. */
  if (out->offset + (count - 1) * out->stride + out->width > out->length)
    return refuse(env, name, "is too short for its records");
  return 1;
}
