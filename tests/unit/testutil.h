/* testutil.h - helpers shared by the unit tests. */
#ifndef NEV_TESTUTIL_H
#define NEV_TESTUTIL_H
#include <stddef.h>
#include <stdint.h>
#include "newsevents.h"
/* The packed model (build/newsevents.nevm) read into memory once; NULL when unreadable. */
const uint8_t *testutil_model(size_t *len);
/* The opened model (shared by the tests of one executable). */
nev_model *testutil_open(void);
/* Code one article text (date may be NULL) and return the JSON record (static storage of the
 * doc until the next call). */
const char *testutil_code(const char *text, const char *date);
/* testutil_code's record parsed (free with cJSON_Delete), or NULL when coding or parsing
 * failed. */
struct cJSON *testutil_record(const char *text, const char *date);
#endif
