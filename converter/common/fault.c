/*
 * fault.c - the fault-injection hooks of a -DJX_FAULT=ON build (see
 * fault.h).  A normal build compiles nothing here.
 */
#include "common.h"

#ifdef JX_FAULT

#include <errno.h>

/* Per thread, so that a test's faults never reach another thread's job. */
static _Thread_local jx_fault *current;

void jx_fault_install(jx_fault *f) { current = f; }

static bool fail_now(unsigned long *count, unsigned long at, bool persist)
{
    ++*count;
    return at && (*count == at || (persist && *count > at));
}

static bool fail_alloc(void)
{
    jx_fault *f = current;
    if (!f || !fail_now(&f->allocs, f->fail_alloc, f->persist))
        return false;
    f->alloc_hits++;
    return true;
}

void *jx_malloc(size_t size) { return fail_alloc() ? NULL : malloc(size); }
void *jx_calloc(size_t n, size_t size) { return fail_alloc() ? NULL : calloc(n, size); }
void *jx_realloc(void *p, size_t size) { return fail_alloc() ? NULL : realloc(p, size); }
char *jx_strdup(const char *s) { return fail_alloc() ? NULL : strdup(s); }
char *jx_strndup(const char *s, size_t n) { return fail_alloc() ? NULL : strndup(s, n); }

static bool fail_xml_alloc(void)
{
    unsigned long before = current ? current->alloc_hits : 0;
    if (!fail_alloc())
        return false;
    if (!before)
        current->in_expat = true;
    return true;
}

void *jx_fault_xml_malloc(size_t size) { return fail_xml_alloc() ? NULL : malloc(size); }
void *jx_fault_xml_realloc(void *p, size_t size) { return fail_xml_alloc() ? NULL : realloc(p, size); }

bool jx_fault_io(const char *step)
{
    jx_fault *f = current;
    if (!f || !fail_now(&f->ios, f->fail_io, f->persist))
        return false;
    if (!f->io_hits++)
        f->io_step = step;
    errno = EIO;
    return true;
}

#else

/* ISO C wants a translation unit to declare something. */
typedef int jx_fault_unused;

#endif
