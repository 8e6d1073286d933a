#include "sb_opt.h"

#include <stdio.h>
#include <string.h>

void sb_opt_init(struct sb_optparse *p, const struct sb_opt *opts,
                 size_t nopts, int argc, char **argv, int first)
{
    memset(p, 0, sizeof(*p));
    p->opts = opts;
    p->nopts = nopts;
    p->argc = argc < 0 ? 0 : argc;
    p->argv = argv;
    p->next = first < 0 ? 0 : first;
}

/* Copies 'n' bytes of 's' into p->name, non-printable bytes as '?' (the
 * name goes to a terminal) and cut to fit. */
static void set_name(struct sb_optparse *p, const char *prefix,
                     const char *s, size_t n)
{
    size_t len = strlen(prefix), i;

    memcpy(p->name, prefix, len);
    for (i = 0; i < n && s[i] && len + 1 < sizeof(p->name); i++) {
        unsigned char c = (unsigned char)s[i];

        p->name[len++] = c < 0x20 || c >= 0x7f ? '?' : (char)c;
    }
    p->name[len] = '\0';
}

static int fail(struct sb_optparse *p, int error)
{
    p->error = error;
    p->opt = NULL;
    p->value = NULL;
    if (error == SB_OPT_E_UNKNOWN)
        snprintf(p->msg, sizeof(p->msg), "unknown option '%s'", p->name);
    else if (error == SB_OPT_E_NEEDS_VALUE)
        snprintf(p->msg, sizeof(p->msg), "option '%s' needs a value",
                 p->name);
    else
        snprintf(p->msg, sizeof(p->msg), "option '%s' takes no value",
                 p->name);
    return SB_OPT_ERROR;
}

static const struct sb_opt *find_long(const struct sb_optparse *p,
                                      const char *name, size_t n)
{
    size_t i;

    for (i = 0; i < p->nopts; i++) {
        const char *o = p->opts[i].name;

        if (o && strlen(o) == n && !memcmp(o, name, n))
            return &p->opts[i];
    }
    return NULL;
}

static const struct sb_opt *find_short(const struct sb_optparse *p, char c)
{
    size_t i;

    for (i = 0; i < p->nopts; i++)
        if (p->opts[i].letter && p->opts[i].letter == c)
            return &p->opts[i];
    return NULL;
}

/* The required value from the next argument, or the error. */
static int take_next(struct sb_optparse *p)
{
    if (p->next >= p->argc || !p->argv[p->next])
        return fail(p, SB_OPT_E_NEEDS_VALUE);
    p->value = p->argv[p->next++];
    return p->opt->id;
}

/* "--name", "--name=value". Errors name the long form; a short option's
 * are worded with its long name too when it has one, as users read the
 * help text by long names. */
static int long_option(struct sb_optparse *p, const char *a)
{
    const char *eq = strchr(a, '=');
    size_t n = eq ? (size_t)(eq - a) : strlen(a);

    set_name(p, "--", a, n);
    p->opt = find_long(p, a, n);
    if (!p->opt)
        return fail(p, SB_OPT_E_UNKNOWN);
    if (eq) {
        if (p->opt->arg == SB_OPT_NONE)
            return fail(p, SB_OPT_E_NO_VALUE);
        p->value = eq + 1;
        return p->opt->id;
    }
    if (p->opt->arg == SB_OPT_REQUIRED)
        return take_next(p);
    return p->opt->id;
}

/* "-x", "-x value", "-xvalue". */
static int short_option(struct sb_optparse *p, const char *a)
{
    p->opt = find_short(p, a[0]);
    if (!p->opt || (a[1] && p->opt->arg != SB_OPT_REQUIRED)) {
        set_name(p, "-", a, strlen(a));
        return fail(p, SB_OPT_E_UNKNOWN);
    }
    if (p->opt->name)
        set_name(p, "--", p->opt->name, strlen(p->opt->name));
    else
        set_name(p, "-", a, 1);
    if (p->opt->arg != SB_OPT_REQUIRED)
        return p->opt->id;
    if (a[1]) {
        p->value = a + 1;
        return p->opt->id;
    }
    return take_next(p);
}

int sb_opt_next(struct sb_optparse *p)
{
    const char *a;

    p->opt = NULL;
    p->value = NULL;
    p->error = 0;
    p->name[0] = '\0';
    p->msg[0] = '\0';
    if (p->next >= p->argc || !p->argv || !p->argv[p->next])
        return SB_OPT_END;
    a = p->argv[p->next++];
    if (!p->only_operands && !strcmp(a, "--")) {
        p->only_operands = true;
        return sb_opt_next(p);
    }
    if (p->only_operands || a[0] != '-' || !a[1]) {
        p->value = a;
        return SB_OPT_OPERAND;
    }
    if (a[1] == '-')
        return long_option(p, a + 2);
    return short_option(p, a + 1);
}
