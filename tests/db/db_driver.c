/*
 * db_driver.c - test driver for the database sinks (cli/db.c, cli/db_pg.c, cli/export.c)
 * without the engine: it stores JSON records as written by src/out_json.c, one a line, through
 * db_write(), and passes export/query/merge to the CLI's own command functions.
 *
 *   db_driver store --sqlite FILE | --postgres CONNINFO RECORDS.jsonl...
 *   db_driver export|query|merge ARGS...
 *
 * A record may carry the article's source name in an extra "_source" field (the sink ignores
 * fields it does not know), since the engine's record has none: the CLI passes the source
 * from the input article.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"

static int store(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: db_driver store --sqlite FILE | --postgres CONNINFO FILE...\n");
        return 2;
    }
    char err[1024] = "";
    db_sink *s;
    int rc = !strcmp(argv[0], "--postgres") ? db_open_postgres(&s, argv[1], err, sizeof err)
                                             : db_open_sqlite(&s, argv[1], err, sizeof err);
    if (rc) {
        fprintf(stderr, "db_driver: %s\n", err);
        return 1;
    }
    int bad = 0;
    for (int i = 2; i < argc; i++) {
        FILE *f = fopen(argv[i], "rb");
        if (!f) {
            perror(argv[i]);
            bad = 1;
            continue;
        }
        char *line = NULL;
        size_t cap = 0;
        ssize_t n;
        long lineno = 0;
        while ((n = getline(&line, &cap, f)) > 0) {
            lineno++;
            while (n && (line[n - 1] == '\n' || line[n - 1] == '\r'))
                line[--n] = '\0';
            if (!n)
                continue;
            char source[256] = "";
            cJSON *j = cJSON_Parse(line);
            const cJSON *src = cJSON_GetObjectItemCaseSensitive(j, "_source");
            if (cJSON_IsString(src))
                snprintf(source, sizeof source, "%s", src->valuestring);
            cJSON_Delete(j);
            if (db_write(s, line, (size_t)n, source[0] ? source : NULL, err, sizeof err)) {
                fprintf(stderr, "%s:%ld: %s\n", argv[i], lineno, err);
                bad = 1;
            }
        }
        free(line);
        fclose(f);
    }
    if (db_close(s, err, sizeof err)) {
        fprintf(stderr, "db_driver: %s\n", err);
        return 1;
    }
    return bad;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: db_driver store|export|query|merge ARGS...\n");
        return 2;
    }
    if (!strcmp(argv[1], "store"))
        return store(argc - 2, argv + 2);
    if (!strcmp(argv[1], "export"))
        return cmd_export(argc - 2, argv + 2);
    if (!strcmp(argv[1], "query"))
        return cmd_query(argc - 2, argv + 2);
    if (!strcmp(argv[1], "merge"))
        return cmd_merge(argc - 2, argv + 2);
    fprintf(stderr, "db_driver: unknown command %s\n", argv[1]);
    return 2;
}
