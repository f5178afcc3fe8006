/*
 * fault.h - allocation and write steps a test can make fail, the way
 * SQLite's tests do: run a job with the Nth allocation (or the Nth write
 * step) failing, for N = 1, 2, 3 ... until the job no longer reaches N,
 * and check that every run ends in a clean error.  Internal to libjixiao.
 *
 * Library code therefore
 *   - allocates with jx_malloc, jx_calloc, jx_realloc, jx_strdup and
 *     jx_strndup (free stays free);
 *   - creates expat parsers with XML_ParserCreate_MM(enc, JX_XML_MEMORY,
 *     sep), so that expat's own allocations count too;
 *   - asks jx_fault_io("what") just before each write step (creating the
 *     temporary file, opening, writing and closing a zip entry, closing
 *     the zip, fsync, rename): true means "act as if it failed".
 *
 * In a normal build these are the C library's functions, NULL and a
 * constant false: the code compiled is what it would be without them.
 * Only a build configured with -DJX_FAULT=ON has the hooks; their state is
 * a pointer in thread-local storage that a test installs for its own
 * thread, so the library still has no state shared between threads.
 *
 * What the hooks cannot reach: allocations made inside minizip, zlib and
 * utf8proc (their failures come back as those libraries' own errors, which
 * the callers check like any other).
 */
#ifndef JX_FAULT_H
#define JX_FAULT_H

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#ifdef JX_FAULT

void *jx_malloc(size_t size);
void *jx_calloc(size_t n, size_t size);
void *jx_realloc(void *p, size_t size);
char *jx_strdup(const char *s);
char *jx_strndup(const char *s, size_t n);
/* Counts a write step; true when it is to fail (errno is then EIO). */
bool jx_fault_io(const char *step);

/* The same for expat, which copies the suite into the parser (so a
 * compound literal will do); they note that the failure was expat's. */
void *jx_fault_xml_malloc(size_t size);
void *jx_fault_xml_realloc(void *p, size_t size);
#define JX_XML_MEMORY (&(const XML_Memory_Handling_Suite){jx_fault_xml_malloc, jx_fault_xml_realloc, free})

/* What a test asks for, and what happened.  Counts start at 1. */
typedef struct jx_fault {
    unsigned long fail_alloc;  /* the allocation to fail; 0: none */
    unsigned long fail_io;     /* the write step to fail; 0: none */
    bool persist;              /* fail every one after it too */
    unsigned long allocs, ios; /* calls seen */
    unsigned long alloc_hits, io_hits; /* calls failed */
    bool in_expat;             /* the first allocation failed was expat's */
    const char *io_step;       /* the first write step failed */
} jx_fault;

/* Install f for the calling thread (NULL: no faults).  f must stay alive
 * until replaced. */
void jx_fault_install(jx_fault *f);

#else

#define jx_malloc(size) malloc(size)
#define jx_calloc(n, size) calloc(n, size)
#define jx_realloc(p, size) realloc(p, size)
#define jx_strdup(s) strdup(s)
#define jx_strndup(s, n) strndup(s, n)
#define jx_fault_io(step) false
#define JX_XML_MEMORY NULL

#endif

#endif
