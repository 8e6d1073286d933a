#ifndef COLLECT_REVIEW_CMD_H
#define COLLECT_REVIEW_CMD_H
/*
 * collect review BUNDLE: before a bundle is sent, lists per file and rule
 * how many values were masked, and what still looks like a credential,
 * with file and line. Exit status: 0 nothing suspect, 3 suspects listed,
 * 1 the bundle cannot be read, 2 usage.
 */
int review_main(int argc, char **argv);    /* argv[0] is "review" */

#endif
