/*
 * Paillier's per-record arithmetic on public values (ciphertexts, Enc(0)s, public exponents), in batches over
 * fixed-width big-endian records, with OpenSSL's BN from the node binary itself (no -lcrypto: an addon resolves
 * node's exported symbols). No secret exponent comes here: key shares stay on the constant-time DH path.
 * No global mutable state: every call has its own BN_CTX and Montgomery contexts, so worker threads can share it.
 */
#include <openssl/bn.h>
#include <stdlib.h>
#include <string.h>

#include "views.h"

/* The key of one call: n, n², and Montgomery contexts for both (n only to test c mod n ≠ 0 cheaply). */
typedef struct {
  BN_CTX *ctx;
  BIGNUM *n;
  BIGNUM *n2;
  /* R mod n², R the Montgomery radix: the aggregate's products come back to plain form with a power of it. */
  BIGNUM *radix;
  BN_MONT_CTX *mont_n;
  BN_MONT_CTX *mont_n2;
  size_t n2_bytes;
} key;

/* Working numbers of a call, freed together. */
typedef struct {
  BIGNUM *a, *b, *c, *d;
} scratch;

static napi_value nothing(void) { return NULL; }

static napi_value fail(napi_env env, const char *message) {
  napi_throw_error(env, "ERR_BFA_BIGNUM", message);
  return NULL;
}

static napi_value refuse(napi_env env, const char *message) {
  napi_throw_range_error(env, "ERR_BFA_BIGNUM_ARGUMENT", message);
  return NULL;
}

static int arguments(napi_env env, napi_callback_info info, size_t want, napi_value *argv) {
  size_t argc = want;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok) return 0;
  if (argc < want) {
    napi_throw_type_error(env, "ERR_BFA_BIGNUM_ARGUMENT", "too few arguments");
    return 0;
  }
  return 1;
}

static napi_value index_or_none(napi_env env, long long index) {
  napi_value result;
  if (napi_create_int64(env, index, &result) != napi_ok) return NULL;
  return result;
}

static void scratch_free(scratch *s) {
  BN_free(s->a);
  BN_free(s->b);
  BN_free(s->c);
  BN_free(s->d);
}

static int scratch_new(scratch *s) {
  s->a = BN_new();
  s->b = BN_new();
  s->c = BN_new();
  s->d = BN_new();
  return s->a && s->b && s->c && s->d;
}

static void key_close(key *k) {
  BN_MONT_CTX_free(k->mont_n);
  BN_MONT_CTX_free(k->mont_n2);
  BN_free(k->n);
  BN_free(k->n2);
  BN_free(k->radix);
  BN_CTX_free(k->ctx);
}

/* An odd modulus of at least 3 from big-endian bytes, with its Montgomery context. */
static int odd_modulus(napi_env env, napi_value value, const char *name, BIGNUM **m, BN_MONT_CTX **mont,
                       BN_CTX *ctx) {
  uint8_t *bytes;
  size_t length;
  if (!byte_array(env, value, name, &bytes, &length)) return 0;
  if (length > 4096) return refuse(env, "a modulus must be at most 32768 bits"), 0;
  *m = BN_bin2bn(bytes, (int)length, NULL);
  if (!*m) return fail(env, "out of memory"), 0;
  if (!BN_is_odd(*m) || BN_num_bits(*m) < 2) return refuse(env, "a modulus must be odd and at least 3"), 0;
  *mont = BN_MONT_CTX_new();
  if (!*mont || !BN_MONT_CTX_set(*mont, *m, ctx)) return fail(env, "OpenSSL could not set up Montgomery"), 0;
  return 1;
}

/* The key from n's bytes: n odd (as every Paillier n is), n² and R mod n² computed once per call. */
static int key_open(napi_env env, napi_value n_bytes, key *k) {
  memset(k, 0, sizeof *k);
  k->ctx = BN_CTX_new();
  if (!k->ctx) return fail(env, "out of memory"), 0;
  if (!odd_modulus(env, n_bytes, "n", &k->n, &k->mont_n, k->ctx)) return 0;
  k->n2 = BN_new();
  k->radix = BN_new();
  if (!k->n2 || !k->radix || !BN_mul(k->n2, k->n, k->n, k->ctx)) return fail(env, "OpenSSL arithmetic failed"), 0;
  k->mont_n2 = BN_MONT_CTX_new();
  if (!k->mont_n2 || !BN_MONT_CTX_set(k->mont_n2, k->n2, k->ctx) ||
      !BN_to_montgomery(k->radix, BN_value_one(), k->mont_n2, k->ctx))
    return fail(env, "OpenSSL could not set up Montgomery"), 0;
  k->n2_bytes = (size_t)BN_num_bytes(k->n2);
  return 1;
}

/* 0 < c < n² and c mod n ≠ 0: one Montgomery reduction modulo n gives c·R⁻¹ mod n, 0 exactly when n divides c. */
static int is_ciphertext(key *k, const BIGNUM *c, BIGNUM *scratch_bn) {
  if (BN_is_zero(c) || BN_ucmp(c, k->n2) >= 0) return 0;
  if (!BN_from_montgomery(scratch_bn, c, k->mont_n, k->ctx)) return -1;
  return !BN_is_zero(scratch_bn);
}

/* An Enc(0) from the pool, reduced below n² if it somehow is not (Montgomery needs its inputs below the modulus). */
static int read_randomizer(key *k, const view *v, size_t i, BIGNUM *r) {
  if (!BN_bin2bn(field(v, i), (int)v->width, r)) return 0;
  return BN_ucmp(r, k->n2) < 0 || BN_nnmod(r, r, k->n2, k->ctx);
}

/* out = x·r mod n² in plain form: x·r·R⁻¹ by one Montgomery product, then ·R² ·R⁻¹ by BN_to_montgomery. */
static int times(key *k, BIGNUM *out, const BIGNUM *x, const BIGNUM *r) {
  return BN_mod_mul_montgomery(out, x, r, k->mont_n2, k->ctx) && BN_to_montgomery(out, out, k->mont_n2, k->ctx);
}

/* out = c^(2^squarings)·r mod n²: c into Montgomery form, squared there, and the last product takes R out again. */
static int shifted_times(key *k, BIGNUM *out, const BIGNUM *c, size_t squarings, const BIGNUM *r, BIGNUM *x) {
  if (!BN_to_montgomery(x, c, k->mont_n2, k->ctx)) return 0;
  for (size_t s = 0; s < squarings; s++)
    if (!BN_mod_mul_montgomery(x, x, x, k->mont_n2, k->ctx)) return 0;
  return BN_mod_mul_montgomery(out, x, r, k->mont_n2, k->ctx);
}

static int write_number(const BIGNUM *x, const view *v, size_t i) {
  return BN_bn2binpad(x, field(v, i), (int)v->width) >= 0;
}

static int output_holds(napi_env env, const key *k, const view *out) {
  if (out->width < k->n2_bytes) return refuse(env, "the output is narrower than n²"), 0;
  return 1;
}

/*
 * factor(n, records, offset, stride, width, count, has, squarings, randomizers, offset, stride, width,
 *        out, offset, stride, width) → the index of the first record that is not a ciphertext, or -1.
 * Per record: checked; with squarings < 0 (the product encoding) kept if has[i] = 1 else replaced by 1; with
 * squarings ≥ 0 (histograms) raised to 2^squarings if has[i] = 1; then times its randomizer mod n².
 */
static napi_value factor(napi_env env, napi_callback_info info) {
  napi_value argv[16];
  if (!arguments(env, info, 16, argv)) return nothing();
  size_t count, squarings = 0, has_length;
  uint8_t *has;
  double shift;
  view records, randomizers, out;
  if (!whole_number(env, argv[5], "count", &count) || !byte_array(env, argv[6], "has", &has, &has_length))
    return nothing();
  if (napi_get_value_double(env, argv[7], &shift) != napi_ok || !(shift >= -1 && shift <= 65536) ||
      shift != (double)(long long)shift)
    return refuse(env, "squarings must be a whole number from -1 to 65536");
  if (shift >= 0) squarings = (size_t)shift;
  if (!strided_view(env, argv + 1, "records", count, &records) ||
      !strided_view(env, argv + 8, "randomizers", count, &randomizers) ||
      !strided_view(env, argv + 12, "out", count, &out))
    return nothing();
  if (has_length < count) return refuse(env, "has is shorter than the records");
  key k;
  scratch s = {0};
  long long bad = -1;
  napi_value result = NULL;
  if (!key_open(env, argv[0], &k) || !output_holds(env, &k, &out)) goto done;
  if (!scratch_new(&s)) {
    fail(env, "out of memory");
    goto done;
  }
  for (size_t i = 0; i < count; i++) {
    if (!BN_bin2bn(field(&records, i), (int)records.width, s.a)) goto broken;
    int ok = is_ciphertext(&k, s.a, s.b);
    if (ok < 0) goto broken;
    if (!ok) {
      bad = (long long)i;
      break;
    }
    if (!read_randomizer(&k, &randomizers, i, s.c)) goto broken;
    const BIGNUM *value = s.c;
    /* One byte per record, 1 for a child with the factor, as the BigInt job reads it. */
    int with_factor = has[i] == 1;
    if (shift < 0 && with_factor) {
      if (!times(&k, s.d, s.a, s.c)) goto broken;
      value = s.d;
    } else if (shift >= 0) {
      if (!(with_factor ? shifted_times(&k, s.d, s.a, squarings, s.c, s.b) : times(&k, s.d, s.a, s.c))) goto broken;
      value = s.d;
    }
    if (!write_number(value, &out, i)) goto broken;
  }
  result = index_or_none(env, bad);
  goto done;
broken:
  fail(env, "OpenSSL arithmetic failed");
done:
  scratch_free(&s);
  key_close(&k);
  return result;
}

/*
 * encrypt(n, plaintexts, offset, stride, width, count, randomizers, offset, stride, width, out, offset, stride, width)
 * → the index of the first plaintext not below n, or -1. Enc(m) = (1 + m·n)·r mod n²; for m = 0 that is r.
 */
static napi_value encrypt(napi_env env, napi_callback_info info) {
  napi_value argv[14];
  if (!arguments(env, info, 14, argv)) return nothing();
  size_t count;
  view plaintexts, randomizers, out;
  if (!whole_number(env, argv[5], "count", &count) || !strided_view(env, argv + 1, "plaintexts", count, &plaintexts) ||
      !strided_view(env, argv + 6, "randomizers", count, &randomizers) ||
      !strided_view(env, argv + 10, "out", count, &out))
    return nothing();
  key k;
  scratch s = {0};
  long long bad = -1;
  napi_value result = NULL;
  if (!key_open(env, argv[0], &k) || !output_holds(env, &k, &out)) goto done;
  if (!scratch_new(&s)) {
    fail(env, "out of memory");
    goto done;
  }
  for (size_t i = 0; i < count; i++) {
    if (!BN_bin2bn(field(&plaintexts, i), (int)plaintexts.width, s.a)) goto broken;
    if (BN_ucmp(s.a, k.n) >= 0) {
      bad = (long long)i;
      break;
    }
    if (!read_randomizer(&k, &randomizers, i, s.c)) goto broken;
    const BIGNUM *value = s.c;
    if (!BN_is_zero(s.a)) {
      if (!BN_mul(s.b, s.a, k.n, k.ctx) || !BN_add_word(s.b, 1) || !times(&k, s.d, s.b, s.c)) goto broken;
      value = s.d;
    }
    if (!write_number(value, &out, i)) goto broken;
  }
  result = index_or_none(env, bad);
  goto done;
broken:
  fail(env, "OpenSSL arithmetic failed");
done:
  scratch_free(&s);
  key_close(&k);
  return result;
}

static void products_free(BIGNUM **products, size_t size) {
  if (!products) return;
  for (size_t t = 0; t < size; t++) BN_free(products[t]);
  free(products);
}

/*
 * Each product is kept as (its records' product)·R^-(uses - 1), one Montgomery product per record; R^uses at the
 * end takes the extra factors out.
 */
static int finish_products(key *k, BIGNUM **products, const size_t *uses, size_t size, const view *out,
                           uint8_t *present, scratch *s) {
  for (size_t t = 0; t < size; t++) {
    present[t] = products[t] != NULL;
    if (!products[t]) {
      memset(field(out, t), 0, out->width);
      continue;
    }
    if (!BN_set_word(s->a, uses[t]) || !BN_mod_exp_mont(s->b, k->radix, s->a, k->n2, k->ctx, k->mont_n2) ||
        !BN_mod_mul_montgomery(products[t], products[t], s->b, k->mont_n2, k->ctx) ||
        !write_number(products[t], out, t))
      return 0;
  }
  return 1;
}

/*
 * aggregate(n, records, offset, stride, width, count, targets, size, out, offset, stride, width, present)
 * → the index of the first record that is not a ciphertext, or -1. Every record is checked; one with target t ≥ 0
 * is multiplied into product t (out's record t, present[t] = 1), one with -1 into none.
 */
static napi_value aggregate(napi_env env, napi_callback_info info) {
  napi_value argv[13];
  if (!arguments(env, info, 13, argv)) return nothing();
  size_t count, size, targets_length, present_length;
  int32_t *targets;
  uint8_t *present;
  view records, out;
  if (!whole_number(env, argv[5], "count", &count) || !strided_view(env, argv + 1, "records", count, &records) ||
      !int32_array(env, argv[6], "targets", &targets, &targets_length) ||
      !whole_number(env, argv[7], "size", &size) || !strided_view(env, argv + 8, "out", size, &out) ||
      !byte_array(env, argv[12], "present", &present, &present_length))
    return nothing();
  if (targets_length < count) return refuse(env, "targets is shorter than the records");
  if (present_length < size) return refuse(env, "present is shorter than the products");
  for (size_t i = 0; i < count; i++)
    if (targets[i] < -1 || (targets[i] >= 0 && (size_t)targets[i] >= size))
      return refuse(env, "a target is outside the products");
  key k;
  scratch s = {0};
  long long bad = -1;
  napi_value result = NULL;
  /* size products fit in out, a JS buffer: these allocations are bounded by memory JS already holds. */
  BIGNUM **products = NULL;
  size_t *uses = NULL;
  if (!key_open(env, argv[0], &k) || !output_holds(env, &k, &out)) goto done;
  products = calloc(size ? size : 1, sizeof *products);
  uses = calloc(size ? size : 1, sizeof *uses);
  if (!products || !uses || !scratch_new(&s)) {
    fail(env, "out of memory");
    goto done;
  }
  for (size_t i = 0; i < count; i++) {
    if (!BN_bin2bn(field(&records, i), (int)records.width, s.a)) goto broken;
    int ok = is_ciphertext(&k, s.a, s.b);
    if (ok < 0) goto broken;
    if (!ok) {
      bad = (long long)i;
      break;
    }
    /* Read once and checked again: targets may be a SharedArrayBuffer's, changed by another thread since. */
    int32_t target = ((volatile const int32_t *)targets)[i];
    if (target < 0) continue;
    size_t t = (size_t)target;
    if (t >= size) {
      refuse(env, "a target changed to outside the products during the call");
      goto done;
    }
    if (!products[t]) {
      if (!(products[t] = BN_dup(s.a))) goto broken;
    } else if (!BN_mod_mul_montgomery(products[t], products[t], s.a, k.mont_n2, k.ctx))
      goto broken;
    uses[t]++;
  }
  if (bad < 0 && !finish_products(&k, products, uses, size, &out, present, &s)) goto broken;
  result = index_or_none(env, bad);
  goto done;
broken:
  fail(env, "OpenSSL arithmetic failed");
done:
  products_free(products, size);
  free(uses);
  scratch_free(&s);
  key_close(&k);
  return result;
}

/*
 * power(modulus, bases, offset, stride, width, count, exponent, out, offset, stride, width): base^exponent mod an odd
 * modulus per record, for PUBLIC exponents only (BN_mod_exp_mont is not constant time).
 */
static napi_value power(napi_env env, napi_callback_info info) {
  napi_value argv[11];
  if (!arguments(env, info, 11, argv)) return nothing();
  size_t count, exponent_length;
  uint8_t *exponent_bytes;
  view bases, out;
  if (!whole_number(env, argv[5], "count", &count) || !strided_view(env, argv + 1, "bases", count, &bases) ||
      !byte_array(env, argv[6], "exponent", &exponent_bytes, &exponent_length) ||
      !strided_view(env, argv + 7, "out", count, &out))
    return nothing();
  if (exponent_length > 4096) return refuse(env, "an exponent must be at most 32768 bits");
  BN_CTX *ctx = BN_CTX_new();
  BIGNUM *m = NULL, *e = NULL, *x = NULL;
  BN_MONT_CTX *mont = NULL;
  napi_value result = NULL;
  if (!ctx) {
    fail(env, "out of memory");
    goto done;
  }
  if (!odd_modulus(env, argv[0], "modulus", &m, &mont, ctx)) goto done;
  if ((size_t)BN_num_bytes(m) > out.width) {
    refuse(env, "the output is narrower than the modulus");
    goto done;
  }
  e = BN_bin2bn(exponent_bytes, (int)exponent_length, NULL);
  x = BN_new();
  if (!e || !x) goto broken;
  for (size_t i = 0; i < count; i++)
    if (!BN_bin2bn(field(&bases, i), (int)bases.width, x) || !BN_nnmod(x, x, m, ctx) ||
        !BN_mod_exp_mont(x, x, e, m, ctx, mont) || !write_number(x, &out, i))
      goto broken;
  napi_get_undefined(env, &result);
  goto done;
broken:
  fail(env, "OpenSSL arithmetic failed");
done:
  BN_free(x);
  BN_free(e);
  BN_free(m);
  BN_MONT_CTX_free(mont);
  BN_CTX_free(ctx);
  return result;
}

/* copy(from, offset, stride, width, count, to, offset, stride, width): each record's field, equal widths. */
static napi_value copy(napi_env env, napi_callback_info info) {
  napi_value argv[9];
  if (!arguments(env, info, 9, argv)) return nothing();
  size_t count;
  view from, to;
  if (!whole_number(env, argv[4], "count", &count) || !strided_view(env, argv, "from", count, &from) ||
      !strided_view(env, argv + 5, "to", count, &to))
    return nothing();
  if (from.width != to.width) return refuse(env, "copy needs equal widths");
  for (size_t i = 0; i < count; i++) memmove(field(&to, i), field(&from, i), from.width);
  napi_value result;
  napi_get_undefined(env, &result);
  return result;
}

/*
 * bigints(values, out, offset, stride, width, count): BigInts big-endian at `width` bytes per record (BigInt's own
 * words, no hex text); the index of the first that is no BigInt, negative or too wide, or -1. Records up to it are
 * written, so a caller throws on an answer ≥ 0 and uses none of them.
 */
static napi_value bigints(napi_env env, napi_callback_info info) {
  napi_value argv[6];
  if (!arguments(env, info, 6, argv)) return nothing();
  bool is_array = false;
  uint32_t length = 0;
  size_t count;
  view out;
  if (napi_is_array(env, argv[0], &is_array) != napi_ok || !is_array ||
      napi_get_array_length(env, argv[0], &length) != napi_ok)
    return refuse(env, "values must be an array");
  if (!whole_number(env, argv[5], "count", &count) || !strided_view(env, argv + 1, "out", count, &out))
    return nothing();
  if (count > length) return refuse(env, "fewer values than records");
  size_t capacity = out.width / 8 + 2;
  uint64_t *words = malloc(capacity * sizeof *words);
  if (!words) return fail(env, "out of memory");
  long long bad = -1;
  for (size_t i = 0; i < count && bad < 0; i++) {
    napi_value value;
    napi_valuetype type;
    int negative = 0;
    size_t used = capacity;
    if (napi_get_element(env, argv[0], (uint32_t)i, &value) != napi_ok || napi_typeof(env, value, &type) != napi_ok ||
        type != napi_bigint || napi_get_value_bigint_words(env, value, &negative, &used, words) != napi_ok ||
        used > capacity || negative) {
      bad = (long long)i;
      break;
    }
    uint8_t *to = field(&out, i);
    memset(to, 0, out.width);
    for (size_t j = 0; j < used * 8; j++) {
      uint8_t byte = (uint8_t)(words[j / 8] >> (8 * (j % 8)));
      if (j < out.width)
        to[out.width - 1 - j] = byte;
      else if (byte != 0)
        bad = (long long)i;
    }
  }
  free(words);
  return index_or_none(env, bad);
}

NAPI_MODULE_INIT() {
  napi_property_descriptor functions[] = {
      {"factor", NULL, factor, NULL, NULL, NULL, napi_enumerable, NULL},
      {"encrypt", NULL, encrypt, NULL, NULL, NULL, napi_enumerable, NULL},
      {"aggregate", NULL, aggregate, NULL, NULL, NULL, napi_enumerable, NULL},
      {"power", NULL, power, NULL, NULL, NULL, napi_enumerable, NULL},
      {"copy", NULL, copy, NULL, NULL, NULL, napi_enumerable, NULL},
      {"bigints", NULL, bigints, NULL, NULL, NULL, napi_enumerable, NULL},
  };
  if (napi_define_properties(env, exports, sizeof functions / sizeof functions[0], functions) != napi_ok) return NULL;
  return exports;
}
