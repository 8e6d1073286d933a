#ifndef SB_OPT_H
#define SB_OPT_H
/*
 * The command-line option parser every front end uses (collect, collect
 * --host, collect reveal/redact, analyze, analyze serve): a table of
 * options, then a loop that hands back one option or operand at a time,
 * so each front end keeps its own value checks and messages.
 *
 * Forms accepted: "--name", "--name=value", "--name value" (a required
 * value is the next argument whatever it starts with, so "--since -5m"
 * reaches the value check), "-x", "-x value", "-xvalue"; "--" ends the
 * options (all that follows is an operand), and "-" alone is an operand.
 * Options and operands may come in any order; an option may repeat (each
 * occurrence is returned). Long names match exactly, never abbreviated.
 *
 * Errors name the option as the user wrote it ("unknown option '--x'",
 * "option '--since' needs a value", "option '--quiet' takes no value");
 * a value given with '=' is not echoed, and bytes that are not printable
 * are shown as '?', so a hostile argv cannot write to the terminal.
 * Nothing is allocated and nothing printed.
 */
#include <stdbool.h>
#include <stddef.h>

enum sb_opt_arg {
    SB_OPT_NONE,        /* a flag: "--name=x" is an error */
    SB_OPT_REQUIRED,    /* "--name=x", "--name x", "-n x" or "-nx" */
    SB_OPT_OPTIONAL,    /* only "--name=x"; without it the value is NULL */
};

struct sb_opt {
    const char *name;       /* long name without "--", or NULL */
    char letter;            /* short form, or 0 */
    enum sb_opt_arg arg;
    int id;                 /* >= 0: what sb_opt_next returns for it */
};

/* sb_opt_next's results besides an option's id. */
enum {
    SB_OPT_END = -1,        /* no more arguments */
    SB_OPT_OPERAND = -2,    /* not an option: 'value' is the argument */
    SB_OPT_ERROR = -3,      /* 'msg' and 'error' say what */
};

/* What an SB_OPT_ERROR was, for a front end that words it its own way. */
enum sb_opt_error {
    SB_OPT_E_UNKNOWN = 1,   /* no such option ('name' as written) */
    SB_OPT_E_NEEDS_VALUE,   /* required value missing at the end */
    SB_OPT_E_NO_VALUE,      /* "--flag=x" */
};

struct sb_optparse {
    /* set by sb_opt_init */
    const struct sb_opt *opts;
    size_t nopts;
    int argc;
    char **argv;
    int next;               /* index of the next argument to read */
    bool only_operands;     /* "--" was seen */
    /* the result of the last sb_opt_next */
    const struct sb_opt *opt;   /* the option found, else NULL */
    const char *value;      /* the option's value or the operand; NULL
                               for a flag or an absent optional value */
    int error;              /* an enum sb_opt_error after SB_OPT_ERROR */
    char name[80];          /* the option as written: "--since", "-n";
                               set for options and errors */
    char msg[160];          /* the error, for the user */
};

/* Parses argv[first .. argc-1] against 'opts' ('nopts' entries, ids >= 0).
 * 'argv' is read, never changed; values point into it. */
void sb_opt_init(struct sb_optparse *p, const struct sb_opt *opts,
                 size_t nopts, int argc, char **argv, int first);

/* The next option's id, SB_OPT_OPERAND, SB_OPT_END, or SB_OPT_ERROR.
 * After an error the parse may go on with the next argument, but front
 * ends stop. */
int sb_opt_next(struct sb_optparse *p);

#endif
