#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sb_alloc.h"
#include "sb_redact.h"

static struct sb_redactor *R;

static int setup(void **state)
{
    struct sb_err err = SB_ERR_INIT;

    return sb_redactor_new(NULL, 0, &R, &err);
}

static int teardown(void **state)
{
    sb_redactor_free(R);
    return 0;
}

/* Redacts 'in' with 'r' into a string the test frees. */
static char *red_with(struct sb_redactor *r, const char *in)
{
    struct sb_buf b = SB_BUF_INIT(SB_BUF_UNLIMITED);

    assert_int_equal(sb_redact_text(r, in, strlen(in), &b), 0);
    if (!b.data)
        assert_int_equal(sb_buf_add(&b, "", 0), 0);
    return sb_buf_detach(&b, NULL);
}

static char *red(const char *in)
{
    return red_with(R, in);
}

static bool is_token_text(const char *s, const char *rule)
{
    char want[64];

    snprintf(want, sizeof(want), "<redacted:%s:", rule);
    return !strncmp(s, want, strlen(want)) &&
           strspn(s + strlen(want), "0123456789abcdef") == 10 &&
           s[strlen(want) + 10] == '>';
}

/* Asserts that 'secret' is gone from the redaction of 'in', that a token
 * of 'rule' took its place, and that 'keep' (may be NULL) survived. */
static void masked(const char *in, const char *secret, const char *rule,
                   const char *keep)
{
    char *out = red(in), want[64], *p;

    /* a NULL 'rule' accepts any rule's token */
    snprintf(want, sizeof(want), "<redacted:%s%s", rule ? rule : "",
             rule ? ":" : "");
    if (strstr(out, secret) || !(p = strstr(out, want)) ||
        (rule && !is_token_text(p, rule)) || (keep && !strstr(out, keep))) {
        print_error("input:  %s\noutput: %s\nsecret '%s' rule '%s' keep "
                    "'%s'\n", in, out, secret, rule ? rule : "(any)",
                    keep ? keep : "");
        sb_free(out);
        fail();
    }
    sb_free(out);
}

static void survives(const char *in)
{
    char *out = red(in);

    if (strcmp(in, out)) {
        print_error("input:  %s\noutput: %s\n", in, out);
        sb_free(out);
        fail();
    }
    sb_free(out);
}

/* ---- one test per rule ---- */

static void test_bearer_tokens_are_masked(void **s)
{
    masked("GET /api sent with Bearer s3cr3tT0kenValue.x", "s3cr3tT0ken",
           "bearer", "Bearer <redacted");
    masked("auth=bearer   abcdefghijklmnopqrstuvwxyzAB ok", "abcdefghijklm",
           "bearer", " ok");
}

static void test_jwts_are_masked(void **s)
{
    masked("sa token eyJhbGciOiJSUzI1NiIsImtpZCI6IjEifQ."
           "eyJpc3MiOiJrdWJlcm5ldGVzIn0.c2lnbmF0dXJlX2J5dGVz end",
           "eyJpc3MiOiJrdWJlcm5ldGVzIn0", "jwt", " end");
}

static void test_authorization_headers_are_masked_basic_too(void **s)
{
    masked("> Authorization: Basic dXNlcjpwYXNzd29yZA==\n> Accept: */*",
           "dXNlcjpwYXNzd29yZA", "authorization", "Accept: */*");
    masked("headers=map[Authorization:[Basic YWRtaW46YWRtaW4=]]",
           "YWRtaW46YWRtaW4", "authorization", "]]");
    masked("proxy-authorization: Digest-abc123xyz", "abc123xyz",
           "authorization", NULL);
    masked("{\"Authorization\": \"ApiKey-QWxhZGRpbjpvcGVu\"}",
           "QWxhZGRpbjpvcGVu", "authorization", NULL);
}

static void test_pem_private_keys_of_every_kind_are_masked_whole(void **s)
{
    static const char *const kinds[] = {"", "RSA ", "EC ", "OPENSSH ",
                                        "ENCRYPTED ", "DSA "};
    char in[512], secret[] = "MIIEvQIBADANBgkqhkiG9w0BAQEFAASC";
    size_t i;

    for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
        snprintf(in, sizeof(in),
                 "key:\n-----BEGIN %sPRIVATE KEY-----\n%s\nAbCd+/==\n"
                 "-----END %sPRIVATE KEY-----\nafter", kinds[i], secret,
                 kinds[i]);
        masked(in, secret, "private-key", "\nafter");
        masked(in, "-----END", "private-key", "key:\n");
    }
    /* as a JSON string, and cut short with no END line */
    masked("{\"tls.key\":\"-----BEGIN RSA PRIVATE KEY-----\\nMIIEpAIBAAKCAQ"
           "\\n-----END RSA PRIVATE KEY-----\\n\"}", "MIIEpAIBAAKCAQ",
           "private-key", "{\"tls.key\":\"");
    masked("-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIAbc+/def", "MHcCAQ",
           "private-key", NULL);
    /* log lines carry timestamps; a chunk may start inside a key */
    masked("2024-05-01T10:00:00.123456789Z -----BEGIN PRIVATE KEY-----\n"
           "2024-05-01T10:00:00.123456789Z MIIEvQIBADANBgkq\n"
           "2024-05-01T10:00:00.123456789Z hkiG9w0BAQEFAASC", "hkiG9w0B",
           "private-key", NULL);
    masked("2024-05-01T10:00:00.1Z MIIEvQIBADANBgkq\n2024-05-01T10:00:00.1Z "
           "-----END PRIVATE KEY-----\n2024-05-01T10:00:01Z next line\n",
           "MIIEvQIBADANBgkq", "private-key-end", "Z next line\n");
    /* a BEGIN line that is not a private key's (garbled, or another
     * block's) does not shield the key lines before an END line */
    masked("-----BEGIN y: z\nMIIEvQIBADANBgkq\n-----END RSA PRIVATE KEY-----"
           "\nafter", "MIIEvQIBADANBgkq", "private-key-end", "\nafter");
    masked("-----BEGIN CERTIFICATE-----\nMIIC\n-----END CERTIFICATE-----\n"
           "MIIEvQIBADANBgkq\n-----END PRIVATE KEY-----", "MIIEvQIBADANBgkq",
           "private-key-end", NULL);
    survives("-----BEGIN CERTIFICATE-----\nMIIC\n-----END CERTIFICATE-----");
    survives("-----BEGIN PUBLIC KEY-----\nMFkw\n-----END PUBLIC KEY-----");
}

static void test_aws_access_key_ids_and_secret_keys_are_masked(void **s)
{
    masked("using AKIAIOSFODNN7EXAMPLE for s3", "AKIAIOSFODNN7EXAMPLE",
           "aws-access-key", "for s3");
    masked("session ASIAY34FZKBOKMUTVV7A", "ASIAY34FZKBOKMUTVV7A",
           "aws-access-key", NULL);
    masked("aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n",
           "wJalrXUtnFEMI", "aws-secret-key", "aws_secret_access_key = ");
    masked("{\"SecretAccessKey\": \"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\"}",
           "wJalrXUtnFEMI", "aws-secret-key", NULL);
}

static void test_gcp_service_account_private_key_fields_are_masked(void **s)
{
    masked("{\"type\": \"service_account\", \"private_key_id\": \"abc\", "
           "\"private_key\": \"-----BEGIN PRIVATE KEY-----\\nMIIEvgIBADAN"
           "\\n-----END PRIVATE KEY-----\\n\", \"client_email\": "
           "\"x@p.iam.gserviceaccount.com\"}", "MIIEvgIBADAN",
           "gcp-private-key", "x@p.iam.gserviceaccount.com");
}

static void test_azure_connection_strings_and_sas_are_masked(void **s)
{
    masked("DefaultEndpointsProtocol=https;AccountName=acct;AccountKey="
           "Zm9vYmFyYmF6cXV4+/==;EndpointSuffix=core.windows.net",
           "Zm9vYmFyYmF6cXV4", "azure-key", "EndpointSuffix=core");
    masked("Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=R;"
           "SharedAccessKey=c2VjcmV0a2V5dmFsdWU=", "c2VjcmV0a2V5",
           "azure-key", "SharedAccessKeyName=R;");
    masked("BlobEndpoint=https://a.blob.core.windows.net/;"
           "SharedAccessSignature=sv=2020-08-04&ss=b&sig=abc", "sv=2020",
           "azure-key", NULL);
    masked("GET https://a.blob.core.windows.net/c/b?sv=2020-08-04&sp=r&"
           "sig=Q2hhbmdlTWVQbGVhc2U%3D HTTP/1.1", "Q2hhbmdlTWVQbGVhc2U",
           "azure-sas", " HTTP/1.1");
}

static void test_passwords_in_urls_are_masked_user_and_host_kept(void **s)
{
    masked("dsn=postgres://admin:s3cr3t@db.ml.svc:5432/app",
           "s3cr3t", "url-password", "postgres://admin:<redacted");
    masked("HTTPS_PROXY=http://proxyuser:pr0xy!pw@10.0.0.1:3128",
           "pr0xy!pw", "url-password", "@10.0.0.1:3128");
    masked("redis://:onlypass@cache:6379", "onlypass", "url-password",
           "@cache:6379");
}

static void test_common_api_key_formats_are_masked(void **s)
{
    masked("OPENAI key sk-abcdefghijklmnopqrstuvwxyz0123456789ABCD used",
           "sk-abcdefghij", "openai-key", " used");
    masked("k=sk-proj-Ab3dEfGhIjKlMnOpQrStUvWx_yz-0123", "sk-proj-Ab3d",
           "openai-key", NULL);
    masked("login hf_AbCdEfGhIjKlMnOpQrStUvWxYz01234567 ok", "hf_AbCd",
           "huggingface-token", " ok");
    masked("git ghp_ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghij",
           "ghp_ABCDEFGHIJ", "github-token", NULL);
    masked("git gho_ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghij",
           "gho_ABCDEFGHIJ", "github-token", NULL);
    masked("pat github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuv",
           "github_pat_11ABC", "github-token", NULL);
    masked("slack xoxb-123456789012-1234567890123-AbCdEfGhIjKl",
           "xoxb-1234567", "slack-token", NULL);
    masked("slack xoxp-123456789012-abcdef", "xoxp-1234567", "slack-token",
           NULL);
    masked("stripe sk_live_4eC39HqLyjWDarjtT1zdp7dc", "sk_live_4eC39",
           "stripe-key", NULL);
    masked("maps AIzaSyD-abcdefghijklmnopqrstuvwxyz01234 x", "AIzaSyD",
           "google-api-key", " x");
    masked("NGC nvapi-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-ab", "nvapi-AbC",
           "nvidia-api-key", NULL);
}

static void test_key_value_pairs_in_properties_are_masked(void **s)
{
    masked("db.password=hunter2\ndb.user=app\n", "hunter2", "kv-secret",
           "db.user=app");
    masked("level=info msg=\"connect\" api_key=K3yV4lu3 user=bob",
           "K3yV4lu3", "kv-secret", "user=bob");
    masked("export CLIENT_SECRET='q w e'", "q w e", "kv-secret",
           "export CLIENT_SECRET=");
    masked("GET /cb?code=1&access_token=ya29.a0AfH6&state=x HTTP",
           "ya29.a0AfH6", "kv-secret", "&state=x HTTP");
    masked("2024-05-01T10:00:00Z credentials: abc123", "abc123",
           "kv-secret", NULL);
}

static void test_key_value_pairs_in_yaml_are_masked_to_end_of_line(void **s)
{
    masked("spec:\n  password: correct horse battery\n  user: x\n",
           "horse", "yaml-secret", "  user: x\n");
    masked("  - db_password: \"p@ss word\" # from vault\n", "p@ss",
           "yaml-secret", "# from vault");
    masked("auth:\n  clientSecret: 'it''s'\n", "it''s", "yaml-secret",
           "clientSecret: '");
    masked("accessKey: AKIAXXXXXXXXXXXXXXXX\n", "AKIAX", "aws-access-key",
           NULL);
}

static void test_key_value_pairs_in_json_are_masked(void **s)
{
    masked("{\"apiKey\":\"abc-123\",\"model\":\"llama\"}", "abc-123",
           "json-secret", "\"model\":\"llama\"");
    masked("{\"password\": \"with \\\"quote\\\" inside\"}", "quote",
           "json-secret", NULL);
    masked("{\"refresh_token\":\"1//0gAbC\"}", "1//0gAbC", "json-secret",
           NULL);
}

static void test_escaped_json_inside_log_lines_is_masked(void **s)
{
    masked("2024-05-01T10:00:00.1Z {\"msg\":\"req\",\"body\":\"{\\\"apiKey"
           "\\\":\\\"abc-123\\\",\\\"n\\\":1}\"}", "abc-123",
           "escaped-json-secret", "\\\"n\\\":1}");
    masked("log: {\\\"password\\\": \\\"hunter2\\\"}", "hunter2",
           "escaped-json-secret", NULL);
}

static void test_command_line_flags_are_masked(void **s)
{
    masked("exec: run.sh --token abc123 --verbose", "abc123", "cli-secret",
           "--verbose");
    masked("[\"serve\", \"--hf-token\", \"abcd1234\", \"--port\"]",
           "abcd1234", "cli-secret", "\"--port\"");
}

static void test_docker_config_auths_are_masked(void **s)
{
    masked("{\"auths\":{\"nvcr.io\":{\"username\":\"$oauthtoken\","
           "\"auth\":\"JG9hdXRodG9rZW46bnZhcGk=\"}}}", "JG9hdXRodG9rZW46",
           "docker-auth", "\"username\":\"$oauthtoken\"");
    masked("{\\\"auth\\\":\\\"dXNlcjpwYXNz\\\"}", "dXNlcjpwYXNz",
           "docker-auth", NULL);
    masked("  .dockerconfigjson: eyJhdXRocyI6eyJyZWdpc3RyeSI6e319fQ==\n",
           "eyJhdXRocyI6eyJy", "docker-auth", ".dockerconfigjson: ");
    masked("value eyJhdXRocyI6eyJyZWdpc3RyeSI6e319fQ==", "eyJhdXRocyI6",
           "docker-auth", NULL);
}

static void test_last_applied_configuration_text_is_masked(void **s)
{
    masked("\"kubectl.kubernetes.io/last-applied-configuration\":\"{\\\"a\\\""
           ":\\\"b\\\"}\\n\",\"x\":\"y\"", "\\\"a\\\"", "last-applied",
           "\"x\":\"y\"");
    masked("Annotations:  kubectl.kubernetes.io/last-applied-configuration:\n"
           "                {\"apiVersion\":\"v1\",\"data\":{\"k\":\"v\"}}\n"
           "Labels: x", "apiVersion", "last-applied", "Labels: x");
    masked("    kubectl.kubernetes.io/last-applied-configuration: |\n"
           "      {\"kind\":\"Secret\"}\n", "\"kind\"", "last-applied", NULL);
}

/* ---- what must survive ---- */

static void test_ordinary_text_survives(void **s)
{
    static const char *const keep[] = {
        /* one element: the parentheses tell clang the joined literal
         * is meant (-Wstring-concatenation) */
        ("image: nvcr.io/nvidia/pytorch@sha256:"
         "0f9a3c1e8d7b6a5f4e3d2c1b0a9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c3b2a19"),
        "uid: 3f0a2c1e-8a6b-4c2d-9e1f-0a1b2c3d4e5f",
        "\"uid\":\"3f0a2c1e-8a6b-4c2d-9e1f-0a1b2c3d4e5f\"",
        "tokenizer: bert-base-uncased",
        "\"tokenizer\": \"meta-llama/Llama-3-8B\"",
        "Please visit the password reset page to continue.",
        "max_tokens: 512",
        "{\"max_tokens\": 512, \"num_tokens\": 3}",
        "resourceVersion: \"918273645\"",
        "creationTimestamp: \"2024-05-01T10:00:00Z\"",
        "2024-05-01T10:00:00.123456789Z INFO started",
        "data: SGVsbG8gV29ybGQhIFRoaXMgaXMgbm90IGEgc2VjcmV0Lg==",
        "caBundle: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUM=",
        "automountServiceAccountToken: false",
        "\"automountServiceAccountToken\": true",
        "secretName: model-weights-creds",
        "secretKeyRef: {name: db, key: password}",
        "{\"secretKeyRef\":{\"key\":\"password\",\"name\":\"db\"}}",
        "{\"name\":\"DB_PASSWORD\",\"valueFrom\":{}}",
        "kind: Secret",
        "- key: nvidia.com/gpu\n  operator: Exists",
        "Bearer token authentication is enabled",
        "apiVersion: authorization.k8s.io/v1",
        "--authorization-mode=Node,RBAC",
        "https://user@github.com/org/repo and https://api:6443/healthz",
        "git@github.com:org/repo.git",
        "task-manager-7d9f8b6c5d-x2x4z",
        "serviceAccountToken: {path: token, expirationSeconds: 3607}",
        "Tokens:              <none>",
        "password: <redacted:yaml-secret:0123456789>",
        "Secret: <set to the key 'token' in secret 'hf'>",
        "",
    };
    size_t i;

    for (i = 0; i < sizeof(keep) / sizeof(keep[0]); i++)
        survives(keep[i]);
}

static void test_same_secret_gives_same_token_and_value_is_gone(void **s)
{
    char *a = red("password=Tr0ub4dor"), *b = red("x\npassword=Tr0ub4dor");
    char *c = red("{\"password\":\"Tr0ub4dor\"}"), *d = red("password=other");
    const char *ta = strchr(a, '<'), *tb = strchr(b, '<'), *tc, *td;
    struct sb_redactor *r2;
    struct sb_err err = SB_ERR_INIT;
    char *e;

    /* a value is masked whole: "&3" is part of it, not a new pair */
    e = red("password=Tr0ub4dor&3");
    assert_null(strchr(e, '&'));
    sb_free(e);
    tc = strchr(c, '<');
    td = strchr(d, '<');
    assert_memory_equal(ta + strlen("<redacted:kv-secret:"),
                        tb + strlen("<redacted:kv-secret:"), 10);
    assert_memory_equal(ta + strlen("<redacted:kv-secret:"),
                        tc + strlen("<redacted:json-secret:"), 10);
    assert_memory_not_equal(ta + strlen("<redacted:kv-secret:"),
                            td + strlen("<redacted:kv-secret:"), 10);
    /* another run draws another key: the token cannot be precomputed */
    assert_int_equal(sb_redactor_new(NULL, 0, &r2, &err), 0);
    e = red_with(r2, "password=Tr0ub4dor&3");
    assert_string_not_equal(a, e);
    assert_null(strstr(e, "Tr0ub4dor"));
    sb_free(e);
    sb_redactor_free(r2);
    sb_free(a);
    sb_free(b);
    sb_free(c);
    sb_free(d);
}

static void test_redacting_twice_changes_nothing_more(void **s)
{
    const char *in = "Authorization: Bearer abc.def.ghi123\n"
                     "password: x y\n{\"token\":\"t0k\"}\n"
                     "url=https://u:p4ss@h/\n";
    char *once = red(in), *twice = red(once);

    assert_string_equal(once, twice);
    assert_null(strstr(once, "abc.def"));
    assert_null(strstr(once, "p4ss"));
    sb_free(once);
    sb_free(twice);
}

/* Two shapes the fuzzer found that a second redaction read differently:
 * a masked "value" of a secret name left the name waiting for the next
 * "value", "Basic abc=<token>" looked like Basic credentials, and a
 * value two rules had masked in parts was masked again as a whole. */
static void test_redacting_twice_changes_nothing_fuzz_finds(void **s)
{
    static const char *const in[] = {
        ("[{\"name\":\"HF_TOKEN\",\"value\":\"hf_x\"},{\"name\":\"A\","
         "\"value\":-\"plain\"}]"),
        "sent Basic YWxpY2U6V3Iyditon=Zk3Qp9Rm2Xv7Lw8Nt4Yb6Hc1Df5G ok",
        /* two rules masked parts of one value: tokens back to back */
        "AccountKey=abc==;SharedAccessSignghijkl\n",
    };
    size_t i;

    for (i = 0; i < sizeof(in) / sizeof(in[0]); i++) {
        char *once = red(in[i]), *twice = red(once);

        assert_string_equal(once, twice);
        sb_free(once);
        sb_free(twice);
    }
}

static void test_text_with_nul_bytes_and_no_hints_passes_through(void **s)
{
    struct sb_buf b = SB_BUF_INIT(SB_BUF_UNLIMITED);
    const char in[] = "abc\0def\0password=x\0end";

    assert_int_equal(sb_redact_text(R, in, sizeof(in) - 1, &b), 0);
    assert_memory_equal(b.data, "abc\0def\0password=<redacted:kv-secret:", 36);
    assert_memory_equal(b.data + b.len - 4, "\0end", 4);
    sb_buf_release(&b);
}

/* ---- API objects ---- */

static cJSON *parse(const char *json)
{
    cJSON *o = cJSON_Parse(json);

    assert_non_null(o);
    return o;
}

static char *print(cJSON *o)
{
    char *s = cJSON_PrintUnformatted(o);

    assert_non_null(s);
    return s;
}

static void test_secret_objects_keep_key_names_only(void **s)
{
    cJSON *o = parse("{\"kind\":\"Secret\",\"metadata\":{\"name\":\"db\","
                     "\"uid\":\"3f0a2c1e-8a6b-4c2d-9e1f-0a1b2c3d4e5f\"},"
                     "\"type\":\"Opaque\",\"data\":{\"user\":\"YWRtaW4=\","
                     "\"pass\":\"aHVudGVyMg==\",\"n\":5},"
                     "\"stringData\":{\"token\":\"plain\"}}");
    cJSON *counts;
    char *t;

    assert_int_equal(sb_redact_object(R, o, NULL), 0);
    t = print(o);
    assert_string_equal(t, "{\"kind\":\"Secret\",\"metadata\":{\"name\":\"db\","
                           "\"uid\":\"3f0a2c1e-8a6b-4c2d-9e1f-0a1b2c3d4e5f\"},"
                           "\"type\":\"Opaque\",\"data\":{\"user\":\"\","
                           "\"pass\":\"\",\"n\":\"\"},"
                           "\"stringData\":{\"token\":\"\"}}");
    counts = sb_redact_counts(R);
    assert_true(cJSON_GetObjectItem(counts, "secret-data")->valuedouble >= 4);
    cJSON_Delete(counts);
    cJSON_free(t);
    cJSON_Delete(o);
}

static void test_secret_lists_without_item_kinds_are_stripped(void **s)
{
    cJSON *o = parse("{\"kind\":\"SecretList\",\"items\":[{\"metadata\":"
                     "{\"name\":\"a\"},\"data\":{\"k\":\"djE=\"}}]}");
    cJSON *l = parse("{\"kind\":\"List\",\"items\":[{\"data\":{\"k\":"
                     "\"djE=\"}}]}");
    char *t;

    assert_int_equal(sb_redact_object(R, o, NULL), 0);
    t = print(o);
    assert_non_null(strstr(t, "\"data\":{\"k\":\"\"}"));
    cJSON_free(t);
    /* a plain List takes the kind the caller knows */
    assert_int_equal(sb_redact_object(R, l, "Secret"), 0);
    t = print(l);
    assert_non_null(strstr(t, "\"data\":{\"k\":\"\"}"));
    cJSON_free(t);
    cJSON_Delete(o);
    cJSON_Delete(l);
}

static void test_env_values_with_sensitive_names_are_masked(void **s)
{
    cJSON *o = parse(
        "{\"kind\":\"Pod\",\"spec\":{\"containers\":[{\"name\":\"c\","
        "\"env\":[{\"name\":\"DB_PASSWORD\",\"value\":\"hunter2\"},"
        "{\"name\":\"HF_TOKEN\",\"value\":\"abc\"},"
        "{\"name\":\"AWS_SECRET_ACCESS_KEY\",\"value\":\"k1\"},"
        "{\"name\":\"SSH_KEY\",\"value\":\"k2\"},"
        "{\"name\":\"OAUTH\",\"value\":\"k3\"},"
        "{\"name\":\"apiKey\",\"value\":\"k4\"},"
        "{\"name\":\"MAX_TOKENS\",\"value\":\"512\"},"
        "{\"name\":\"KEY_BATCH\",\"value\":\"64\"},"
        "{\"name\":\"TOKENIZER\",\"value\":\"bert\"},"
        "{\"name\":\"AUTHOR\",\"value\":\"ann\"},"
        "{\"name\":\"PROXY\",\"value\":\"http://u:pw123@p:3128\"},"
        "{\"name\":\"S\",\"valueFrom\":{\"secretKeyRef\":{\"name\":\"x\","
        "\"key\":\"password\"}}}]}]}}");
    cJSON *env = cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(
        cJSON_GetObjectItem(o, "spec"), "containers"), 0), "env");
    static const char *const masked_names[] = {
        "DB_PASSWORD", "HF_TOKEN", "AWS_SECRET_ACCESS_KEY", "SSH_KEY",
        "OAUTH", "apiKey"};
    static const char *const kept[][2] = {
        {"MAX_TOKENS", "512"}, {"KEY_BATCH", "64"}, {"TOKENIZER", "bert"},
        {"AUTHOR", "ann"}};
    cJSON *e;
    size_t i;
    char *t;

    assert_int_equal(sb_redact_object(R, o, "Pod"), 0);
    for (i = 0; i < 6; i++) {
        e = cJSON_GetArrayItem(env, (int)i);
        assert_string_equal(cJSON_GetObjectItem(e, "name")->valuestring,
                            masked_names[i]);
        assert_true(is_token_text(
            cJSON_GetObjectItem(e, "value")->valuestring, "env-value"));
    }
    for (i = 0; i < 4; i++) {
        e = cJSON_GetArrayItem(env, (int)(6 + i));
        assert_string_equal(cJSON_GetObjectItem(e, "name")->valuestring,
                            kept[i][0]);
        assert_string_equal(cJSON_GetObjectItem(e, "value")->valuestring,
                            kept[i][1]);
    }
    /* a harmless name still goes through the text rules */
    e = cJSON_GetArrayItem(env, 10);
    assert_null(strstr(cJSON_GetObjectItem(e, "value")->valuestring, "pw123"));
    t = print(cJSON_GetArrayItem(env, 11));
    assert_string_equal(t, "{\"name\":\"S\",\"valueFrom\":{\"secretKeyRef\":"
                           "{\"name\":\"x\",\"key\":\"password\"}}}");
    cJSON_free(t);
    cJSON_Delete(o);
}

static void test_configmaps_annotations_args_and_strings(void **s)
{
    cJSON *o = parse(
        "{\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"cfg\","
        "\"resourceVersion\":\"4242\",\"annotations\":{"
        "\"kubectl.kubernetes.io/last-applied-configuration\":"
        "\"{\\\"data\\\":{\\\"db-password\\\":\\\"x\\\"}}\","
        "\"note\":\"Bearer abcdef123456\"}},"
        "\"data\":{\"db-password\":\"plain words\","
        "\"app.properties\":\"url=x\\npassword=hunter2\\n\","
        "\"model\":\"llama\"}}");
    cJSON *p = parse("{\"kind\":\"Deployment\",\"spec\":{\"template\":"
                     "{\"spec\":{\"containers\":[{\"args\":[\"--token\","
                     "\"t0psecret\",\"--port\",\"80\"],\"image\":"
                     "\"nvcr.io/x@sha256:0f9a3c1e8d7b6a5f4e3d2c1b0a9f8e7d\"}]}}}}");
    cJSON *md, *data;
    char *t;

    assert_int_equal(sb_redact_object(R, o, NULL), 0);
    md = cJSON_GetObjectItem(o, "metadata");
    data = cJSON_GetObjectItem(o, "data");
    assert_string_equal(cJSON_GetObjectItem(md, "resourceVersion")->valuestring,
                        "4242");
    assert_true(is_token_text(cJSON_GetObjectItem(cJSON_GetObjectItem(
        md, "annotations"), "kubectl.kubernetes.io/last-applied-configuration")
        ->valuestring, "last-applied"));
    assert_null(strstr(cJSON_GetObjectItem(cJSON_GetObjectItem(
        md, "annotations"), "note")->valuestring, "abcdef123456"));
    assert_true(is_token_text(cJSON_GetObjectItem(data, "db-password")
                              ->valuestring, "configmap-value"));
    t = cJSON_GetObjectItem(data, "app.properties")->valuestring;
    assert_non_null(strstr(t, "url=x\npassword=<redacted:kv-secret:"));
    assert_null(strstr(t, "hunter2"));
    assert_string_equal(cJSON_GetObjectItem(data, "model")->valuestring,
                        "llama");

    assert_int_equal(sb_redact_object(R, p, NULL), 0);
    t = print(p);
    assert_null(strstr(t, "t0psecret"));
    assert_non_null(strstr(t, "\"--token\",\"<redacted:cli-secret:"));
    assert_non_null(strstr(t, "\"--port\",\"80\""));
    assert_non_null(strstr(t, "@sha256:0f9a3c1e8d7b6a5f4e3d2c1b0a9f8e7d"));
    cJSON_free(t);
    cJSON_Delete(o);
    cJSON_Delete(p);
}


/* ---- issue 16: structure, file shapes, command lines, formats ---- */

/* Asserts every string in 'gone' is absent from the redaction of the
 * object 'json', and every string in 'kept' present. */
static void object_check(const char *json, const char *const *gone,
                         const char *const *kept)
{
    cJSON *o = parse(json);
    char *t;

    assert_int_equal(sb_redact_object(R, o, NULL), 0);
    t = print(o);
    for (; gone && *gone; gone++)
        if (strstr(t, *gone)) {
            print_error("'%s' left in %s\n", *gone, t);
            fail();
        }
    for (; kept && *kept; kept++)
        if (!strstr(t, *kept)) {
            print_error("'%s' lost from %s\n", *kept, t);
            fail();
        }
    cJSON_free(t);
    cJSON_Delete(o);
}

static void test_object_keys_are_judged_by_their_words_at_any_depth(void **s)
{
    static const char *const gone[] = {
        "Zq8pass1", "Kx9secretAK", "Ap7appkey", "Ap8appkey", "Ck2keydata",
        "Wb3hook", "Ps4param", "Arr5tok", "Dsn6value", NULL};
    static const char *const kept[] = {
        "\"secretName\":\"db-secret\"", "\"secretRef\":\"hf-token\"",
        "\"tokenizer\":\"meta/llama\"", "\"max_tokens\":\"512\"",
        "\"tokenPath\":\"/var/run/token\"", "\"MAX_NEW_TOKENS\":\"256\"",
        "\"secret\":\"pg-secret\"", "\"name\":\"MAX_TOKENS\"",
        "\"value\":\"4096\"", "\"passwordSecretRef\":\"pg-auth\"", NULL};

    object_check(
        "{\"apiVersion\":\"acid.zalan.do/v1\",\"kind\":\"Postgresql\","
        "\"spec\":{\"superuser\":{\"password\":\"Zq8pass1\"},"
        "\"backup\":{\"secretAccessKey\":\"Kx9secretAK\",\"appKey\":"
        "\"Ap7appkey\",\"app_key\":\"Ap8appkey\",\"client-key-data\":"
        "\"Ck2keydata\",\"slackWebhook\":\"Wb3hook\",\"tokens\":"
        "[\"x\"],\"apiTokens\":[\"Arr5tok\"],\"sentryDsn\":\"Dsn6value\"},"
        "\"params\":[{\"name\":\"db_password\",\"value\":\"Ps4param\"},"
        "{\"name\":\"MAX_TOKENS\",\"value\":\"4096\"}],"
        "\"secretName\":\"db-secret\",\"secretRef\":\"hf-token\","
        "\"tokenizer\":\"meta/llama\",\"max_tokens\":\"512\","
        "\"tokenPath\":\"/var/run/token\",\"MAX_NEW_TOKENS\":\"256\","
        "\"secret\":\"pg-secret\",\"passwordSecretRef\":\"pg-auth\"}}",
        gone, kept);
}

static void test_json_documents_kept_in_strings_are_walked(void **s)
{
    static const char *const gone[] = {"Em1pw", "Em2tok", NULL};
    static const char *const kept[] = {"\\\"replicas\\\":3", NULL};

    object_check(
        "{\"kind\":\"ConfigMap\",\"data\":{\"settings.json\":"
        "\"{\\\"db\\\":{\\\"masterPwd\\\":\\\"Em1pw\\\"},\\\"replicas\\\":3,"
        "\\\"env\\\":[{\\\"name\\\":\\\"HF_TOKEN\\\",\\\"value\\\":"
        "\\\"Em2tok\\\"}]}\"}}",
        gone, kept);
}

static void test_config_file_shapes_are_masked(void **s)
{
    masked("machine api.example.com login bob password Nr8netrc\n",
           "Nr8netrc", "netrc", "login bob");
    masked("machine h\n  login bob\n  password Nr9netrc\n", "Nr9netrc",
           "netrc", NULL);
    masked("db.example.com:5432:app:alice:Pg7pa:ss\n", "Pg7pa", "pgpass",
           "db.example.com:5432:app:alice:");
    masked("<server><id>nexus</id><password>Mv5maven</password></server>",
           "Mv5maven", "xml-secret", "<id>nexus</id>");
    masked("<add key=\"ClearTextPassword\" value=\"Ng3nuget\" />",
           "Ng3nuget", "xml-secret", NULL);
    masked("[OUTPUT]\n    Name  es\n    HTTP_User admin\n"
           "    HTTP_Passwd Fb4fluent\n", "Fb4fluent", "kv-secret",
           "HTTP_User admin");
    masked("DB_HOST=db\nDB_PASS=En5env,with;odd&chars\n", "odd&chars",
           "kv-secret", "DB_HOST=db");
    masked("export AWS_SESSION_PASSWORD='Ex6 quoted'\n", "Ex6", "kv-secret",
           NULL);
    masked("location / {\n  proxy_set_header Authorization \"Basic "
           "dXNlcjpOZzFuZ2lueA==\";\n}\n", "dXNlcjpOZzFuZ2lueA",
           "header-secret", "proxy_set_header Authorization");
    masked("  proxy_set_header X-Api-Key Nx2apikey;\n", "Nx2apikey",
           "header-secret", NULL);
    masked("[remote]\ntype = s3\nsecret_access_key = Rc3rclone\n",
           "Rc3rclone", "kv-secret", "type = s3");
    masked("[db]\npass = \"To4toml\"\n", "To4toml", "kv-secret", NULL);
    masked("db.password=Pr5a,b;c&d\nother=1\n", "c&d", "kv-secret",
           "other=1");
    masked("users:\n- name: ci\n  user:\n    client-key-data: Kc6kubecfg\n",
           "Kc6kubecfg", "yaml-secret", NULL);
    masked("env:\n- name: DB_PASSWORD\n  value: Yv7yamlenv\n", "Yv7yamlenv",
           "key-secret", "name: DB_PASSWORD");
}

static void test_command_lines_are_masked(void **s)
{
    static const char *const gone[] = {"Cu1curl", "My2mysql", "Dl3docker",
                                       "Sp4sshpass", NULL};
    static const char *const kept[] = {"\"admin:<redacted:cli-password:",
                                       "\"-p<redacted:cli-password:",
                                       "\"-u\",\"1000:1000\"", NULL};

    masked("sh -c 'curl -sf -u admin:Cu5curl https://x/api'", "Cu5curl",
           "cli-password", "-u admin:");
    masked("mysql -h db -u root -pMy6mysql app < dump.sql", "My6mysql",
           "cli-password", "-u root -p");
    masked("docker login -u bot -p Dl7docker registry.example.com",
           "Dl7docker", "cli-password", "registry.example.com");
    masked("sshpass -p Sp8sshpass ssh root@node-1", "Sp8sshpass",
           "cli-password", "ssh root@node-1");
    masked("+ PGPASSWORD=Pg9pgpw psql -h db", "Pg9pgpw", "kv-secret",
           "psql -h db");
    masked("run: app --db-password=Dp1flag --port=80", "Dp1flag",
           "kv-secret", "--port=80");
    masked("redis-cli -h cache -a Rd2redis ping", "Rd2redis", "cli-password",
           "ping");
    object_check(
        "{\"kind\":\"Pod\",\"spec\":{\"containers\":[{\"command\":"
        "[\"curl\"],\"args\":[\"-u\",\"admin:Cu1curl\"]},{\"command\":"
        "[\"/usr/bin/mysql\",\"-pMy2mysql\"]},{\"command\":[\"docker\","
        "\"login\",\"-p\",\"Dl3docker\"]},{\"command\":[\"sshpass\",\"-p\","
        "\"Sp4sshpass\"]},{\"command\":[\"docker\",\"run\",\"-u\","
        "\"1000:1000\"]}]}}",
        gone, kept);
}

static void test_dsns_without_a_scheme_are_masked(void **s)
{
    masked("connecting to app:Ds1go@tcp(db:3306)/shop?parseTime=true",
           "Ds1go", "dsn-password", "@tcp(db:3306)/shop");
    masked("dsn is user:Ds2mysql@(db.svc)/x", "Ds2mysql", "dsn-password",
           "@(db.svc)/x");
    masked("REDIS=default:Ds3redis@cache.svc:6379/0", "Ds3redis", NULL,
           "@cache.svc:6379/0");
    survives("git@github.com:org/repo.git");
    survives("at 10:30@node-1 started");
}

static void test_base64_wrapped_secrets_are_masked(void **s)
{
    /* base64("password=Wr1wrapped") and base64 of a PEM key's head */
    masked("blob: cGFzc3dvcmQ9V3Ixd3JhcHBlZA==", "cGFzc3dvcmQ9V3Ixd3JhcHBlZA",
           "base64-secret", "blob: ");
    masked("key LS0tLS1CRUdJTiBQUklWQVRFIEtFWS0tLS0tCk1JSUV2UUlCQURBTkJn "
           "end", "LS0tLS1CRUdJTiBQUklWQVRFIEtFWS0t", "base64-secret",
           " end");
    masked("got header Basic YWxpY2U6V3Iyd3JhcA== from client",
           "YWxpY2U6V3Iyd3JhcA", "authorization", " from client");
    /* base64 of ordinary text, and a certificate, survive */
    survives("note: SGVsbG8gV29ybGQhIFRoaXMgaXMgbm90IGEgc2VjcmV0Lg==");
    survives("caBundle: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUM=");
    survives("the basic configuration is fine");
}

/* A value of 'n' characters of 'alpha', from a fixed seed. */
static void fill(char *out, size_t n, const char *alpha, unsigned *seed)
{
    size_t i, k = strlen(alpha);

    for (i = 0; i < n; i++) {
        *seed = *seed * 1103515245u + 12345u;
        out[i] = alpha[(*seed >> 16) % k];
    }
    out[n] = '\0';
}

static void test_vendor_formats_are_masked_in_prose(void **s)
{
    static const struct {
        const char *prefix, *alpha;
        size_t n;
    } f[] = {
        {"AGE-SECRET-KEY-1", "QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L", 58},
        {"LTAI", "abcdefghijklmnopqrstuvwxyz0123456789", 20},
        {"SG.", "ABCDEFGHabcdefgh0123456789_-", 22},
        {"glpat-", "ABCDEFGHabcdefgh0123456789_-", 20},
        {"xkeysib-", "0123456789abcdef", 64},
        {"PMAK-", "0123456789abcdef", 24},
        {"shpat_", "0123456789abcdef", 32},
        {"dop_v1_", "0123456789abcdef", 64},
        {"npm_", "ABCDEFGHabcdefgh0123456789", 36},
        {"pypi-AgEIcHlwaS5vcmc", "ABCDEFGHabcdefgh0123456789_-", 60},
        {"hooks.slack.com/services/", "ABCDEFGHabcdefgh0123456789", 44},
        {"discord.com/api/webhooks/", "0123456789", 18},
        {"api.telegram.org/bot", "0123456789", 10},
        {"r8_", "ABCDEFGHabcdefgh0123456789", 37},
        {"hvs.", "ABCDEFGHabcdefgh0123456789_-", 95},
        {"dapi", "0123456789abcdef", 32},
        {"GOCSPX-", "ABCDEFGHabcdefgh0123456789_-", 28},
    };
    unsigned seed = 16;
    char val[512], tail[160], in[800], secret[600];
    size_t i;

    for (i = 0; i < sizeof(f) / sizeof(f[0]); i++) {
        fill(val, f[i].n, f[i].alpha, &seed);
        tail[0] = '\0';
        if (!strcmp(f[i].prefix, "SG."))
            fill(tail, 43, "ABCDEFGHabcdefgh0123456789", &seed);
        if (!strcmp(f[i].prefix, "xkeysib-"))
            fill(tail, 16, "ABCDEFGHabcdefgh0123456789", &seed);
        if (!strcmp(f[i].prefix, "PMAK-"))
            fill(tail, 34, "0123456789abcdef", &seed);
        if (!strcmp(f[i].prefix, "discord.com/api/webhooks/"))
            fill(tail, 68, "ABCDEFGHabcdefgh0123456789_-", &seed);
        if (!strcmp(f[i].prefix, "api.telegram.org/bot"))
            fill(tail, 34, "ABCDEFGHabcdefgh0123456789_-", &seed);
        snprintf(secret, sizeof(secret), "%s%s%s%s", val,
                 tail[0] && strcmp(f[i].prefix, "SG.") ? "" : "",
                 !strcmp(f[i].prefix, "SG.") ? "." :
                 !strcmp(f[i].prefix, "xkeysib-") ? "-" :
                 !strcmp(f[i].prefix, "PMAK-") ? "-" :
                 !strcmp(f[i].prefix, "discord.com/api/webhooks/") ? "/" :
                 !strcmp(f[i].prefix, "api.telegram.org/bot") ? ":A" : "",
                 tail);
        snprintf(in, sizeof(in), "sent with %s%s to the api", f[i].prefix,
                 secret);
        masked(in, secret, NULL, " to the api");
    }
}

/* The formats added from the public rule sets (gitleaks' config,
 * trufflehog's detectors), each built from its shape by fill(): masked
 * in prose under its rule, and a near miss (one character short, or the
 * fixed part broken) left alone. */
static void test_public_rule_set_formats_are_masked(void **s)
{
    static const char *const AN_ = "ABCDEFGHabcdefgh0123456789";
    static const char *const HX_ = "0123456789abcdef";
    static const char *const UN_ = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    unsigned seed = 1616;
    char a[160], b[160], c[160], v[600], in[800];

    /* AWS key ids with the A3T prefix */
    fill(a, 16, UN_, &seed);
    snprintf(v, sizeof(v), "A3TX%s", a);
    snprintf(in, sizeof(in), "using key %s for s3", v);
    masked(in, v, "aws-access-key", " for s3");
    /* Bedrock short-lived keys: a fixed base64 head, then base64 */
    fill(a, 120, AN_, &seed);
    snprintf(v, sizeof(v), "bedrock-api-key-YmVkcm9jay5hbWF6b25hd3MuY29t%s",
             a);
    snprintf(in, sizeof(in), "env BEDROCK %s set", v);
    masked(in, v, "aws-bedrock-api-key", " set");
    /* Flutterwave public keys */
    fill(a, 32, HX_, &seed);
    snprintf(v, sizeof(v), "FLWPUBK_TEST-%s-X", a);
    snprintf(in, sizeof(in), "pay with %s now", v);
    masked(in, v, "flutterwave-public-key", " now");
    /* a GitLab session cookie: the name stays readable */
    fill(a, 32, "abcdefghijklmnopqrstuvwxyz0123456789", &seed);
    snprintf(v, sizeof(v), "Cookie: _gitlab_session=%s", a);
    masked(v, a, "gitlab-session-cookie", "_gitlab_session=<redacted:");
    /* Sourcegraph access tokens, both forms */
    fill(a, 16, HX_, &seed);
    fill(b, 40, HX_, &seed);
    snprintf(v, sizeof(v), "sgp_%s_%s", a, b);
    snprintf(in, sizeof(in), "src login %s ok", v);
    masked(in, v, "sourcegraph-token", " ok");
    snprintf(v, sizeof(v), "sgp_local_%s", b);
    snprintf(in, sizeof(in), "src login %s ok", v);
    masked(in, v, "sourcegraph-token", " ok");
    /* Octopus Deploy API keys */
    fill(a, 26, UN_, &seed);
    snprintf(v, sizeof(v), "API-%s", a);
    snprintf(in, sizeof(in), "octo deploy --apiKey=x %s done", v);
    masked(in, v, "octopus-deploy-api-key", " done");
    /* Defined Networking API tokens */
    fill(a, 26, "abcdefgh0123456789_-", &seed);
    fill(b, 52, "abcdefgh0123456789_-", &seed);
    snprintf(v, sizeof(v), "dnkey-%s-%s", a, b);
    snprintf(in, sizeof(in), "dnctl using %s now", v);
    masked(in, v, "defined-networking-token", " now");
    /* Plaid access tokens: an environment and a UUID */
    fill(a, 8, HX_, &seed);
    fill(b, 12, HX_, &seed);
    snprintf(v, sizeof(v), "access-production-%s-1a2b-4c3d-8e9f-%s", a, b);
    snprintf(in, sizeof(in), "plaid item %s linked", v);
    masked(in, v, "plaid-access-token", " linked");
    /* DataStax Astra tokens */
    fill(a, 24, AN_, &seed);
    fill(b, 64, "abcdefghijklmnopqrstuvwxyz0123456789", &seed);
    snprintf(v, sizeof(v), "AstraCS:%s:%s", a, b);
    snprintf(in, sizeof(in), "astra db connect %s ok", v);
    masked(in, v, "astra-db-token", " ok");
    /* Azure AD client secrets: "Q~" after three characters and a digit */
    fill(a, 3, AN_, &seed);
    fill(b, 34, AN_, &seed);
    snprintf(v, sizeof(v), "%s8Q~%s", a, b);
    snprintf(in, sizeof(in), "client secret is %s here", v);
    masked(in, v, "azure-ad-client-secret", " here");
    /* Terraform Cloud API tokens */
    fill(a, 14, AN_, &seed);
    fill(b, 67, AN_, &seed);
    snprintf(v, sizeof(v), "%s.atlasv1.%s", a, b);
    snprintf(in, sizeof(in), "TF token %s end", v);
    masked(in, v, "terraform-api-token", " end");

    /* near misses: one short, or the fixed part broken */
    fill(c, 25, UN_, &seed);
    snprintf(in, sizeof(in), "see API-%s in the docs", c);
    survives(in);
    fill(c, 31, HX_, &seed);
    snprintf(in, sizeof(in), "Cookie: _gitlab_session=%s", c);
    survives(in);
    fill(a, 3, AN_, &seed);
    fill(b, 34, AN_, &seed);
    snprintf(in, sizeof(in), "secret ref %sxQ~%s here", a, b);
    survives(in);
    fill(a, 14, AN_, &seed);
    fill(b, 40, AN_, &seed);
    snprintf(in, sizeof(in), "TF token %s.atlasv1.%s end", a, b);
    survives(in);
    snprintf(in, sizeof(in), "plaid item access-staging-%s-1a2b linked", c);
    survives(in);
}

/* Formats the audit against gitleaks' and trufflehog's rule sets found
 * leaking (round 11): each masked in prose and in a URL query under its
 * rule, and a near miss (one short, a broken fixed part, a longer word)
 * left alone. */
static void test_formats_the_rule_set_audit_found_leaking_are_masked(
    void **s)
{
    static const char *const AN_ = "ABCDEFGHabcdefgh0123456789";
    static const char *const HX_ = "0123456789abcdef";
    static const struct {
        const char *rule, *prefix, *alpha;
        size_t n;
    } f[] = {
        {"adafruit-io-key", "aio_", "ABCDEFGHabcdefgh0123456789", 28},
        {"apify-api-token", "apify_api_", "ABCDEFGHabcdefgh0123456789", 36},
        {"bitbucket-dc-token", "BBDC-", "ABCDEFGHabcdefgh0123456789+_", 40},
        {"figma-pat", "figp_", "ABCDEFGHabcdefgh0123456789_-", 40},
        {"new-relic-key", "NRBR-", "0123456789abcdef", 19},
        {"new-relic-key", "NRIQ-", "ABCDEFGHabcdefgh0123456789_-", 25},
        {"posthog-api-key", "phx_", "ABCDEFGHabcdefgh0123456789", 43},
        {"ramp-api-key", "ramp_id_", "ABCDEFGHabcdefgh0123456789", 40},
        {"ramp-api-key", "ramp_sec_", "ABCDEFGHabcdefgh0123456789", 48},
        {"rootly-api-key", "rootly_", "0123456789abcdef", 64},
    };
    unsigned seed = 1111;
    char a[160], b[160], v[600], in[800];
    size_t i;

    for (i = 0; i < sizeof(f) / sizeof(f[0]); i++) {
        fill(a, f[i].n, f[i].alpha, &seed);
        snprintf(v, sizeof(v), "%s%s", f[i].prefix, a);
        snprintf(in, sizeof(in), "calling upstream with %s (retry 2)", v);
        masked(in, v, f[i].rule, " (retry 2)");
        snprintf(in, sizeof(in), "GET /v1/items?page=2&key=%s&limit=10", v);
        masked(in, v, NULL, "&limit=10");
        /* one short of the shortest: some other string */
        a[f[i].n - 1] = '\0';
        snprintf(in, sizeof(in), "calling upstream with %s%s (retry 2)",
                 f[i].prefix, a);
        survives(in);
    }
    /* HubSpot private app tokens: a region, then a UUID */
    fill(a, 8, HX_, &seed);
    fill(b, 12, HX_, &seed);
    snprintf(v, sizeof(v), "pat-na1-%s-1a2b-4c3d-8e9f-%s", a, b);
    snprintf(in, sizeof(in), "hubspot client %s ready", v);
    masked(in, v, "hubspot-token", " ready");
    snprintf(in, sizeof(in), "hubspot client pat-xx1-%s-1a2b-4c3d-8e9f-%s "
             "ready", a, b);
    survives(in);
    /* SaladCloud keys: an organisation part, then the secret */
    fill(a, 5, AN_, &seed);
    fill(b, 40, AN_, &seed);
    snprintf(v, sizeof(v), "salad_cloud_%s_%s", a, b);
    snprintf(in, sizeof(in), "salad %s set", v);
    masked(in, v, "saladcloud-api-key", " set");
    /* webhooks: the host stays readable, the secret path does not */
    fill(a, 8, "0123456789", &seed);
    fill(b, 7, "abcdefghijklmnopqrstuvwxyz0123456789", &seed);
    snprintf(v, sizeof(v), "%s/%s/", a, b);
    snprintf(in, sizeof(in), "POST https://hooks.zapier.com/hooks/catch/%s "
             "sent", v);
    masked(in, v, "zapier-webhook", "https://hooks.zapier.com/hooks/catch/");
    fill(a, 32, "abcdefghijklmnopqrstuvwxyz0123456789", &seed);
    fill(b, 32, "abcdefghijklmnopqrstuvwxyz0123456789", &seed);
    snprintf(v, sizeof(v), "%s/%s", a, b);
    snprintf(in, sizeof(in), "url=https://acme.tines.com/webhook/%s ok", v);
    masked(in, v, "tines-webhook", "https://acme.tines.com/webhook/");
    survives("see https://hooks.zapier.com/hooks/catch/ for the docs");
    survives("the docs at https://www.tines.com/webhook/setup say so");
    /* words that start like a prefix stay: a field, a sentence */
    survives("aio_config_reload=true phx_session_ttl=30 "
             "rootly_incident_url=https://rootly.example/x");
    survives("pat-na1-style tokens are described in the HubSpot docs");
}

/* Keys that name a secret with a qualifier after its words, as the
 * public rule sets find them: the value goes, and keys whose words only
 * look alike keep theirs. */
static void test_qualified_secret_keys_are_masked(void **s)
{
    static const struct {
        const char *in, *secret;
    } gone[] = {
        {"SECRET_KEY_BASE=Rk7Zq2Lw9Xp4Mn8Vb3Tc6Yd1", "Rk7Zq2Lw9Xp4Mn8Vb3Tc6Yd1"},
        {"db_password_old: hunter2x", "hunter2x"},
        {"DB_PASSWORD2=s3cretpw", "s3cretpw"},
        {"API_KEY_V2=abc123def", "abc123def"},
        {"apiKeyPrimary: Zz9yy8xx", "Zz9yy8xx"},
        {"GITHUB_TOKEN_PROD=tok9zz77", "tok9zz77"},
        {"{\"clientSecret2\": \"Cs7vv6uu\"}", "Cs7vv6uu"},
        {"BUNDLE_ENTERPRISE__CONTRIBSYS__COM=c3efa0b2:9d243251",
         "c3efa0b2:9d243251"},
        {"BUNDLE_GEMS__EXAMPLE__COM: \"deploy:Gx2pw\"", "deploy:Gx2pw"},
    };
    static const char *const keep[] = {
        "password_policy_v2: strict", "oauth2: enabled", "key_v1: alpha",
        "max_tokens_2=512", "page_token_v2=abc", "BUNDLE_PATH=vendor/bundle",
        "BUNDLE_BUILD__NOKOGIRI=--use-system-libraries",
        "token_expiry_2=3600", "BUNDLE_JOBS=4", "salt=Qx7Rt2Lm",
    };
    static const char *const cm_gone[] = {"Ak1cmval", "Ap2cmval",
                                          "Pw3cmval", NULL};
    static const char *const cm_kept[] = {"\"keyName\":\"Kn4plain\"",
                                          "\"max_tokens\":\"512\"", NULL};
    size_t i;

    for (i = 0; i < sizeof(gone) / sizeof(gone[0]); i++)
        masked(gone[i].in, gone[i].secret, NULL, NULL);
    for (i = 0; i < sizeof(keep) / sizeof(keep[0]); i++)
        survives(keep[i]);
    masked("HONEYCOMB_WRITEKEY=hc7writes", "hc7writes", NULL, NULL);
    masked("pepper: Pp9spice", "Pp9spice", NULL, NULL);
    /* a ConfigMap's data keys are judged by their words as well */
    object_check("{\"kind\":\"ConfigMap\",\"data\":{\"appKey\":"
                 "\"Ak1cmval\",\"apiKeyPrimary\":\"Ap2cmval\","
                 "\"DB_PASSWORD2\":\"Pw3cmval\",\"max_tokens\":\"512\","
                 "\"keyName\":\"Kn4plain\"}}",
                 cm_gone, cm_kept);
}

/* A "key" in a query or an assignment usually names the value after
 * it ("{key: DB_PASSWORD, value: ...}"); when its own value is random
 * it is an API key ("?key=..."), judged by entropy like any value. */
static void test_random_values_of_key_are_judged_by_entropy(void **s)
{
    masked("GET /v1/items?page=2&key=pLIix6MEOLeMa61EqJomTEI1JEzO3joOj37H"
           "&limit=10 HTTP/1.1", "pLIix6MEOLeMa61EqJomTEI1JEzO3joOj37H",
           "entropy", "&limit=10 HTTP/1.1");
    masked("- key: DB_PASSWORD\n  value: Zx9pw77q\n", "Zx9pw77q", NULL,
           "key: DB_PASSWORD");
    survives("key=node.kubernetes.io/not-ready operator=Exists");
    survives("{\"key\": \"AWS_SECRET_ACCESS_KEY_ID_FOR_BACKUP\"}");
    survives("key=config.json name=app-settings-v2");
}

/* Two more shapes from the audit: Zoho OAuth tokens, and CircleCI
 * personal tokens of their current length (22, '_', 40 hex). */
static void test_zoho_and_long_circleci_tokens_are_masked(void **s)
{
    unsigned seed = 2222;
    char a[80], b[80], v[200], in[300];

    fill(a, 32, "0123456789abcdef", &seed);
    fill(b, 32, "0123456789abcdef", &seed);
    snprintf(v, sizeof(v), "1000.%s.%s", a, b);
    snprintf(in, sizeof(in), "zoho refresh %s ok", v);
    masked(in, v, "zoho-token", " ok");
    snprintf(in, sizeof(in), "zoho refresh 1000.%s ok", a);
    survives(in);
    survives("10.0.0.1 took 1000.5 ms");
    fill(a, 22, "ABCDEFGHabcdefgh0123456789", &seed);
    fill(b, 40, "0123456789abcdef", &seed);
    snprintf(v, sizeof(v), "CCIPAT_%s_%s", a, b);
    snprintf(in, sizeof(in), "circle token %s set", v);
    masked(in, v, "circleci-token", " set");
}

static void test_entropy_masks_unknown_values_in_assignments_only(void **s)
{
    static const char *const keep[] = {
        ("image: nvcr.io/nim@sha256:"
         "0f9a3c1e8d7b6a5f4e3d2c1b0a9f8e7d0f9a3c1e8d7b6a5f4e3d2c1b0a9f8e7d"),
        "uid: 6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f",
        "resourceVersion: 184467440737",
        "commit=3f2c1a9b8e7d6c5b4a39281706f5e4d3c2b1a098",
        "gpu_uuid=GPU-6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f",
        "trace_id=4bf92f3577b34da6a3ce929d0e0e4736",
        "pod=trainer-7d9f8b6c4-x2k9p node=gpu-node-17",
        "version=v1.29.3-eks-1a2b3c4",
        "path=/var/lib/kubelet/pods/6f1c2d3e/volumes/abc123XYZ",
        "saw Zk3Qp9Rm2Xv7Lw8Nt4Yb6Hc1 in passing",
    };
    size_t i;

    masked("session=Zk3Qp9Rm2Xv7Lw8Nt4Yb6Hc1Df5G", "Zk3Qp9Rm2Xv7Lw8Nt4Yb6Hc1",
           "entropy", "session=");
    masked("ts=1 session = Pq2Wm8Zx4Rt7Yu1Io3Kl6Nb9V end", "Pq2Wm8Zx4Rt7Yu1Io3",
           "entropy", " end");
    masked("X-Custom-Sig: Ab9Cd8Ef7Gh6Ij5Kl4Mn3Op2Qr", "Ab9Cd8Ef7Gh6Ij5Kl4",
           NULL, "X-Custom-Sig: ");
    masked("GET /cb?state=ok&code=Qw3Er4Ty5Ui6Op7As8Df9Gh0 HTTP/1.1",
           "Qw3Er4Ty5Ui6Op7As8Df9Gh0", "entropy", " HTTP/1.1");
    for (i = 0; i < sizeof(keep) / sizeof(keep[0]); i++)
        survives(keep[i]);
}

/* ---- extras, counts, errors, threads ---- */

static void test_extra_patterns_mask_group_one_or_whole_match(void **s)
{
    const char *extra[] = {"employee-id: (\\d+)", "INTERNAL-[A-Z]{4}"};
    struct sb_redactor *r;
    struct sb_err err = SB_ERR_INIT;
    cJSON *counts;
    char *out;

    assert_int_equal(sb_redactor_new(extra, 2, &r, &err), 0);
    out = red_with(r, "employee-id: 12345 project INTERNAL-ABCD done");
    assert_null(strstr(out, "12345"));
    assert_null(strstr(out, "INTERNAL-ABCD"));
    assert_non_null(strstr(out, "employee-id: <redacted:custom-1:"));
    assert_non_null(strstr(out, "project <redacted:custom-2:"));
    assert_non_null(strstr(out, "> done"));
    counts = sb_redact_counts(r);
    assert_int_equal(cJSON_GetObjectItem(counts, "custom-1")->valueint, 1);
    assert_int_equal(cJSON_GetObjectItem(counts, "custom-2")->valueint, 1);
    assert_int_equal(cJSON_GetArraySize(counts), 2);
    assert_int_equal(sb_redact_total(r), 2);
    cJSON_Delete(counts);
    sb_free(out);
    sb_redactor_free(r);
}

static void test_bad_extra_pattern_names_offset_and_cause(void **s)
{
    const char *extra[] = {"ok", "abc(def"};
    struct sb_redactor *r = (struct sb_redactor *)1;
    struct sb_err err = SB_ERR_INIT;

    assert_int_equal(sb_redactor_new(extra, 2, &r, &err), SB_E_USAGE);
    assert_null(r);
    assert_string_equal(err.msg, "bad --redact-pattern 'abc(def' at offset "
                                 "7: missing closing parenthesis");
}

static void test_counts_per_rule_add_up(void **s)
{
    struct sb_redactor *r;
    struct sb_err err = SB_ERR_INIT;
    cJSON *counts;
    char *out;

    assert_int_equal(sb_redactor_new(NULL, 0, &r, &err), 0);
    counts = sb_redact_counts(r);
    assert_int_equal(cJSON_GetArraySize(counts), 0);
    cJSON_Delete(counts);
    out = red_with(r, "password=a\ntoken=b\nAKIAIOSFODNN7EXAMPLE\n");
    counts = sb_redact_counts(r);
    assert_int_equal(cJSON_GetObjectItem(counts, "kv-secret")->valueint, 2);
    assert_int_equal(cJSON_GetObjectItem(counts, "aws-access-key")->valueint,
                     1);
    assert_int_equal(sb_redact_total(r), 3);
    cJSON_Delete(counts);
    sb_free(out);
    sb_redactor_free(r);
}

static void *worker(void *arg)
{
    struct sb_redactor *r = arg;
    int i;

    for (i = 0; i < 200; i++) {
        char *out = red_with(r, "x password=p1 y Bearer abcdef123456 z");

        if (strstr(out, "p1 ") || strstr(out, "abcdef123456")) {
            sb_free(out);
            return (void *)1;
        }
        sb_free(out);
    }
    return NULL;
}

static void test_one_redactor_serves_several_threads(void **s)
{
    struct sb_redactor *r;
    struct sb_err err = SB_ERR_INIT;
    pthread_t t[4];
    void *res;
    int i;

    assert_int_equal(sb_redactor_new(NULL, 0, &r, &err), 0);
    for (i = 0; i < 4; i++)
        assert_int_equal(pthread_create(&t[i], NULL, worker, r), 0);
    for (i = 0; i < 4; i++) {
        assert_int_equal(pthread_join(t[i], &res), 0);
        assert_null(res);
    }
    assert_int_equal(sb_redact_total(r), 4 * 200 * 2);
    sb_redactor_free(r);
}

static void test_every_allocation_failure_is_clean(void **s)
{
    long n;

    for (n = 0; n < 400; n++) {
        struct sb_redactor *r = NULL;
        struct sb_err err = SB_ERR_INIT;
        struct sb_buf b = SB_BUF_INIT(SB_BUF_UNLIMITED);
        cJSON *o = parse("{\"kind\":\"Secret\",\"data\":{\"a\":\"b\"},"
                         "\"env\":[{\"name\":\"TOKEN\",\"value\":\"v\"}]}");
        int rc;

        sb_alloc_fail_after(n);
        rc = sb_redactor_new(NULL, 0, &r, &err);
        if (!rc)
            rc = sb_redact_text(r, "password=x token=y", 18, &b);
        if (!rc)
            rc = sb_redact_object(r, o, NULL);
        sb_alloc_fail_after(-1);
        sb_buf_release(&b);
        sb_redactor_free(r);
        cJSON_Delete(o);
        if (!rc)
            break;
        assert_int_equal(rc, SB_E_NOMEM);
    }
    assert_true(n < 400);
}

/* Values the rules left alone are remembered per thread so that a
 * repeat skips the rules: that memory must belong to one redactor (a
 * value one lets through, another with an extra pattern still masks),
 * and a value that was masked is masked again, and counted, each time. */
static cJSON *pod_with_value(const char *v)
{
    cJSON *o = cJSON_CreateObject();

    cJSON_AddStringToObject(o, "kind", "Pod");
    cJSON_AddStringToObject(cJSON_AddObjectToObject(o, "spec"), "note", v);
    return o;
}

static const char *note_of(const cJSON *o)
{
    return cJSON_GetObjectItem(cJSON_GetObjectItem(o, "spec"), "note")
        ->valuestring;
}

static void test_repeated_values_are_judged_per_redactor(void **s)
{
    const char *extra[] = {"ticket-[0-9]{4}"};
    struct sb_redactor *plain, *strict;
    struct sb_err err = SB_ERR_INIT;
    cJSON *o;
    int i;

    (void)s;
    assert_int_equal(sb_redactor_new(NULL, 0, &plain, &err), 0);
    assert_int_equal(sb_redactor_new(extra, 1, &strict, &err), 0);
    for (i = 0; i < 3; i++) {
        o = pod_with_value("ticket-1234");
        assert_int_equal(sb_redact_object(plain, o, NULL), 0);
        assert_string_equal(note_of(o), "ticket-1234");
        cJSON_Delete(o);
        o = pod_with_value("ticket-1234");
        assert_int_equal(sb_redact_object(strict, o, NULL), 0);
        assert_non_null(strstr(note_of(o), "<redacted:custom-1:"));
        cJSON_Delete(o);
    }
    assert_int_equal(sb_redact_total(plain), 0);
    assert_int_equal(sb_redact_total(strict), 3);
    sb_redactor_free(strict);
    /* a new redactor (maybe at the old one's address) judges afresh */
    assert_int_equal(sb_redactor_new(extra, 1, &strict, &err), 0);
    o = pod_with_value("ticket-1234");
    assert_int_equal(sb_redact_object(plain, o, NULL), 0);
    cJSON_Delete(o);
    o = pod_with_value("ticket-1234");
    assert_int_equal(sb_redact_object(strict, o, NULL), 0);
    assert_non_null(strstr(note_of(o), "<redacted:custom-1:"));
    cJSON_Delete(o);
    sb_redactor_free(strict);
    sb_redactor_free(plain);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bearer_tokens_are_masked),
        cmocka_unit_test(test_jwts_are_masked),
        cmocka_unit_test(test_authorization_headers_are_masked_basic_too),
        cmocka_unit_test(
            test_pem_private_keys_of_every_kind_are_masked_whole),
        cmocka_unit_test(test_aws_access_key_ids_and_secret_keys_are_masked),
        cmocka_unit_test(
            test_gcp_service_account_private_key_fields_are_masked),
        cmocka_unit_test(test_azure_connection_strings_and_sas_are_masked),
        cmocka_unit_test(
            test_passwords_in_urls_are_masked_user_and_host_kept),
        cmocka_unit_test(test_common_api_key_formats_are_masked),
        cmocka_unit_test(test_key_value_pairs_in_properties_are_masked),
        cmocka_unit_test(
            test_key_value_pairs_in_yaml_are_masked_to_end_of_line),
        cmocka_unit_test(test_key_value_pairs_in_json_are_masked),
        cmocka_unit_test(test_escaped_json_inside_log_lines_is_masked),
        cmocka_unit_test(test_command_line_flags_are_masked),
        cmocka_unit_test(test_docker_config_auths_are_masked),
        cmocka_unit_test(test_last_applied_configuration_text_is_masked),
        cmocka_unit_test(test_ordinary_text_survives),
        cmocka_unit_test(
            test_same_secret_gives_same_token_and_value_is_gone),
        cmocka_unit_test(test_redacting_twice_changes_nothing_more),
        cmocka_unit_test(test_redacting_twice_changes_nothing_fuzz_finds),
        cmocka_unit_test(
            test_text_with_nul_bytes_and_no_hints_passes_through),
        cmocka_unit_test(test_secret_objects_keep_key_names_only),
        cmocka_unit_test(test_secret_lists_without_item_kinds_are_stripped),
        cmocka_unit_test(test_env_values_with_sensitive_names_are_masked),
        cmocka_unit_test(test_configmaps_annotations_args_and_strings),
        cmocka_unit_test(test_object_keys_are_judged_by_their_words_at_any_depth),
        cmocka_unit_test(test_json_documents_kept_in_strings_are_walked),
        cmocka_unit_test(test_config_file_shapes_are_masked),
        cmocka_unit_test(test_command_lines_are_masked),
        cmocka_unit_test(test_dsns_without_a_scheme_are_masked),
        cmocka_unit_test(test_base64_wrapped_secrets_are_masked),
        cmocka_unit_test(test_vendor_formats_are_masked_in_prose),
        cmocka_unit_test(test_public_rule_set_formats_are_masked),
        cmocka_unit_test(
            test_formats_the_rule_set_audit_found_leaking_are_masked),
        cmocka_unit_test(test_qualified_secret_keys_are_masked),
        cmocka_unit_test(test_random_values_of_key_are_judged_by_entropy),
        cmocka_unit_test(test_zoho_and_long_circleci_tokens_are_masked),
        cmocka_unit_test(test_entropy_masks_unknown_values_in_assignments_only),
        cmocka_unit_test(test_extra_patterns_mask_group_one_or_whole_match),
        cmocka_unit_test(test_bad_extra_pattern_names_offset_and_cause),
        cmocka_unit_test(test_counts_per_rule_add_up),
        cmocka_unit_test(test_repeated_values_are_judged_per_redactor),
        cmocka_unit_test(test_one_redactor_serves_several_threads),
        cmocka_unit_test(test_every_allocation_failure_is_clean),
    };

    return cmocka_run_group_tests(tests, setup, teardown);
}
