/*
 * The loader's reading of the GPU Operator's must-gather prefixed logs
 * ("[pod/P/C] text"): each run of lines is a stream of the pod it names,
 * whose namespace is the one namespace holding a pod of that name.
 * Hostile input: a log whose runs alternate between thousands of pods
 * (each stream's namespace once cost two scans of every object, before
 * the indexes are back: 17 s for 3,000 pods and 15,000 runs), names two
 * namespaces share, names no pod has.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "sb_alloc.h"
#include "sb_buf.h"
#include "sb_db.h"
#include "sb_load.h"

static void put_file(const char *dir, const char *rel, const char *text,
                     size_t len)
{
    char path[512];
    FILE *fp;

    snprintf(path, sizeof(path), "%s/%s", dir, rel);
    fp = fopen(path, "w");
    assert_non_null(fp);
    assert_int_equal(fwrite(text, 1, len, fp), len);
    assert_int_equal(fclose(fp), 0);
}

static int rm_one(const char *path, const struct stat *st, int flag,
                  struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    return remove(path);
}

/* The folder 'dir' loaded into a new in-memory database */
static struct sb_db *load_dir(const char *dir)
{
    struct sb_err err = SB_ERR_INIT;
    struct sb_load_opts o;
    struct sb_db *db;

    assert_int_equal(sb_db_open(":memory:", &db, &err), 0);
    memset(&o, 0, sizeof(o));
    if (sb_load_bundle(db, dir, &o, NULL, NULL, &err))
        fail_msg("load: %s", err.msg);
    assert_int_equal(sb_load_finish(db, NULL, &err), 0);
    return db;
}

/* The rows of 'sql' as "a|b\n" lines; the caller frees */
static char *rows(struct sb_db *db, const char *sql)
{
    struct sb_buf b = SB_BUF_INIT(SB_BUF_UNLIMITED);
    sqlite3_stmt *st;
    int i;

    assert_int_equal(sqlite3_prepare_v2(sb_db_handle(db), sql, -1, &st,
                                        NULL), SQLITE_OK);
    while (sqlite3_step(st) == SQLITE_ROW) {
        for (i = 0; i < sqlite3_column_count(st); i++) {
            const unsigned char *t = sqlite3_column_text(st, i);

            assert_int_equal(sb_buf_addf(&b, "%s%s", i ? "|" : "",
                                         t ? (const char *)t : ""), 0);
        }
        assert_int_equal(sb_buf_addc(&b, '\n'), 0);
    }
    sqlite3_finalize(st);
    return sb_buf_detach(&b, NULL);
}

static void expect_rows(struct sb_db *db, const char *sql, const char *want)
{
    char *got = rows(db, sql);

    assert_string_equal(got, want);
    sb_free(got);
}

#define POD(ns, name)                                                     \
    "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\""   \
    name "\",\"namespace\":\"" ns "\"},\"spec\":{\"containers\":"          \
    "[{\"name\":\"main\"}]}}"

/* A run's pod in one namespace gets it; a name two namespaces share, or
 * that no pod has, leaves the stream unowned (namespace ''). */
static void test_runs_get_the_one_namespace_of_their_pod(void **state)
{
    char dir[] = "/tmp/sb-load-gpuop-XXXXXX";
    static const char log[] = "[pod/dev-a/plugin] one\n"
                              "[pod/twice/c] two\n"
                              "[pod/nobody/c] three\n"
                              "[pod/dev-a/plugin] four\n";
    static const char pods[] =
        "{\"apiVersion\":\"v1\",\"kind\":\"List\",\"items\":["
        POD("gpu-operator", "dev-a") "," POD("x", "twice") ","
        POD("y", "twice") "]}";
    struct sb_db *db;

    (void)state;
    assert_non_null(mkdtemp(dir));
    put_file(dir, "gpu_operand_pods.yaml", pods, strlen(pods));
    put_file(dir, "gpu_operand_pod_dev-a.log", log, strlen(log));
    db = load_dir(dir);
    expect_rows(db, "SELECT namespace, pod, container, lines FROM "
                "log_streams ORDER BY id",
                "gpu-operator|dev-a|plugin|1\n|twice|c|1\n|nobody|c|1\n"
                "gpu-operator|dev-a|plugin|1\n");
    sb_db_close(db);
    nftw(dir, rm_one, 8, FTW_DEPTH | FTW_PHYS);
}

#define NPODS 3000

/* One run a line, each of another of 3,000 pods: every stream finds its
 * pod's namespace. */
static void test_runs_over_thousands_of_pods(void **state)
{
    char dir[] = "/tmp/sb-load-gpuop-XXXXXX";
    struct sb_buf pods = SB_BUF_INIT(SB_BUF_UNLIMITED);
    struct sb_buf log = SB_BUF_INIT(SB_BUF_UNLIMITED);
    struct sb_db *db;
    char want[64];
    int i;

    (void)state;
    assert_non_null(mkdtemp(dir));
    assert_int_equal(sb_buf_addf(&pods, "{\"kind\":\"List\",\"items\":["), 0);
    for (i = 0; i < NPODS; i++) {
        assert_int_equal(sb_buf_addf(&pods, "%s{\"kind\":\"Pod\",\"metadata\""
                                     ":{\"name\":\"p%d\",\"namespace\":"
                                     "\"ns%d\"}}", i ? "," : "", i, i % 7),
                         0);
        assert_int_equal(sb_buf_addf(&log, "[pod/p%d/c] line %d\n",
                                     (i * 7) % NPODS, i), 0);
    }
    assert_int_equal(sb_buf_addf(&pods, "]}"), 0);
    put_file(dir, "gpu_operand_pods.yaml", pods.data, pods.len);
    put_file(dir, "gpu_operand_pod_p0.log", log.data, log.len);
    db = load_dir(dir);
    snprintf(want, sizeof(want), "%d|0\n", NPODS);
    expect_rows(db, "SELECT count(*), sum(namespace != 'ns' || "
                "(CAST(substr(pod, 2) AS INTEGER) % 7)) FROM log_streams",
                want);
    sb_db_close(db);
    sb_buf_release(&pods);
    sb_buf_release(&log);
    nftw(dir, rm_one, 8, FTW_DEPTH | FTW_PHYS);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_runs_get_the_one_namespace_of_their_pod),
        cmocka_unit_test(test_runs_over_thousands_of_pods),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
