#ifndef BFA_VIEWS_H
#define BFA_VIEWS_H

#include <node_api.h>
#include <stddef.h>
#include <stdint.h>

/* Records laid out at a fixed stride in a Uint8Array: record i's field is bytes [offset + i·stride, + width). */
typedef struct {
  uint8_t *data;
  size_t length;
  size_t offset;
  size_t stride;
  size_t width;
} view;

/* Every count, offset, stride and width from JS is a whole number in [0, LIMIT]: no float, no overflow below. */
#define LIMIT (((size_t)1 << 31) - 1)
/* A number's width: far above any key's (8 KiB for n² of a 32768-bit n), far below int's range for BN_bin2bn. */
#define WIDTH_LIMIT ((size_t)1 << 16)

/* Each of these throws a JS error and returns 0 when the argument is not what it should be. */
int whole_number(napi_env env, napi_value value, const char *name, size_t *out);
int byte_array(napi_env env, napi_value value, const char *name, uint8_t **data, size_t *length);
int int32_array(napi_env env, napi_value value, const char *name, int32_t **data, size_t *length);
/* Four arguments (bytes, offset, stride, width) from argv, checked to hold `count` records' fields in bounds. */
int strided_view(napi_env env, napi_value *argv, const char *name, size_t count, view *out);

static inline uint8_t *field(const view *v, size_t i) { return v->data + v->offset + i * v->stride; }

#endif
