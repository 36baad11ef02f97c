/*
 * doc_dates.c - calendar arithmetic for article dates and resolved event dates: days since
 * 1970-01-01 to and from the civil calendar, and YYYY-MM-DD parsing. Used by the library and
 * by tools/dictc (date ranges of people).
 */
#include "internal.h"

#include <stdio.h>

/* The days-from-civil arithmetic on 400-year eras (proleptic Gregorian calendar). */
int32_t days_from_civil(int y, int m, int dd)
{
    y -= m <= 2;
    int era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (unsigned)((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + dd - 1);
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int32_t)doe - 719468;
}

void civil_from_days(int32_t z, int *y, int *m, int *dd)
{
    z += 719468;
    int era = (z >= 0 ? z : z - 146096) / 146097;
    unsigned doe = (unsigned)(z - era * 146097);
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int yy = (int)yoe + era * 400;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned mp = (5 * doy + 2) / 153;
    *dd = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = yy + (*m <= 2);
}

int32_t parse_date(const char *s, size_t len)
{
    if (!s || len < 10)
        return INT32_MIN;
    for (int i = 0; i < 10; i++) {
        if (i == 4 || i == 7) {
            if (s[i] != '-')
                return INT32_MIN;
        } else if (s[i] < '0' || s[i] > '9') {
            return INT32_MIN;
        }
    }
    int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    int m = (s[5] - '0') * 10 + (s[6] - '0');
    int dd = (s[8] - '0') * 10 + (s[9] - '0');
    if (m < 1 || m > 12 || dd < 1 || dd > 31)
        return INT32_MIN;
    return days_from_civil(y, m, dd);
}


size_t format_date(int32_t days, char out[16])
{
    int y, m, dd;
    civil_from_days(days, &y, &m, &dd);
    if (y < 0 || y > 9999) /* (month and day are always in range) */
        return (size_t)snprintf(out, 16, "%04d-%02d-%02d", y, m, dd);
    out[0] = (char)('0' + y / 1000);
    out[1] = (char)('0' + y / 100 % 10);
    out[2] = (char)('0' + y / 10 % 10);
    out[3] = (char)('0' + y % 10);
    out[4] = '-';
    out[5] = (char)('0' + m / 10);
    out[6] = (char)('0' + m % 10);
    out[7] = '-';
    out[8] = (char)('0' + dd / 10);
    out[9] = (char)('0' + dd % 10);
    out[10] = '\0';
    return 10;
}
