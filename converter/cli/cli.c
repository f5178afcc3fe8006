/*
 * cli.c - helpers more than one command needs.
 */
#include "cli.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int is_dir(const char *p)
{
    return access(p, R_OK | X_OK) == 0;
}

const char *cli_find_mappings(const char *given, char *buf, size_t size)
{
    if (given)
        return given;
    const char *env = getenv("JIXIAO_MAPPINGS");
    if (env && *env)
        return env;
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = '\0';
        char *slash = strrchr(exe, '/');
        if (slash) {
            *slash = '\0';
            /* installed: bin/../share/jixiao/mappings; build tree: build/../mappings */
            static const char *const rel[] = {"/../share/jixiao/mappings", "/../mappings"};
            for (size_t i = 0; i < sizeof rel / sizeof rel[0]; i++) {
                snprintf(buf, size, "%s%s", exe, rel[i]);
                if (is_dir(buf))
                    return buf;
            }
        }
    }
#ifdef JX_SOURCE_MAPPINGS
    if (is_dir(JX_SOURCE_MAPPINGS))
        return JX_SOURCE_MAPPINGS;
#endif
    return NULL;
}
