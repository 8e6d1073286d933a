#ifndef HOST_CMD_H
#define HOST_CMD_H
/*
 * collect --host: main.c hands over the whole command line when any
 * argument is "--host". Returns the process exit code: 0 complete bundle,
 * 3 bundle written but incomplete, 1 nothing usable, 2 usage.
 */
int host_main(int argc, char **argv);

#endif
