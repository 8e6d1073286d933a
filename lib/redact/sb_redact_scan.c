/*
 * The scanners the redactor runs after its PCRE2 rules: vendor formats,
 * sensitive keys by their words, base64 and entropy.
 *
 * One file (about 1,500 lines) on purpose: the three scanners share one
 * character-class table and one walk over the text (struct scan), which
 * looks at each byte a bounded number of times. Most of the length is
 * the vendor table, which is data.
 */
#include "sb_redact_scan.h"

#include <ctype.h>
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

#include "sb_base64.h"
#include "sb_err.h"

/*
 * Why a hand-written pass beside the PCRE2 rules: a key is sensitive by
 * its words ("appKey", "spec.superuser.password", "DB_PASS"), which a
 * regular expression can only approximate, and 150 vendor formats as 150
 * patterns would make every text pay for 150 searches. Here each byte is
 * looked at a bounded number of times: a first-byte table picks the
 * vendor rows to try, and a separator ('=', ':') triggers one look back
 * for its key.
 */

/* ---- character classes ---- */

#define C_LOWER 1u
#define C_UPPER 2u
#define C_DIGIT 4u
#define C_HEXL 8u   /* 0-9 a-f */
#define C_HEXU 16u  /* 0-9 A-F */
#define AN (C_LOWER | C_UPPER | C_DIGIT)
#define LN (C_LOWER | C_DIGIT)
#define UN (C_UPPER | C_DIGIT)
#define HX C_HEXL
#define HXA (C_HEXL | C_HEXU)

/* Byte classes, built once: the scan asks them of every byte. */
#define K_WORD 1u   /* [A-Za-z0-9_] */
#define K_B64 2u    /* [A-Za-z0-9+/_-] */
#define K_KEY 4u    /* [A-Za-z0-9_.-] */
#define K_ALPHA 16u /* [A-Za-z] */
#define K_QUIET 8u  /* starts nothing: not a word or base64 byte, no
                       separator, newline, '<' or vendor prefix byte */
static unsigned char kinds[256];

static bool is_word(unsigned char c)
{
    return kinds[c] & K_WORD;
}

static bool is_b64(unsigned char c)
{
    return kinds[c] & K_B64;
}

static bool in_class(unsigned char c, unsigned cls, const char *extra)
{
    if ((cls & C_LOWER) && c >= 'a' && c <= 'z')
        return true;
    if ((cls & C_UPPER) && c >= 'A' && c <= 'Z')
        return true;
    if ((cls & C_DIGIT) && c >= '0' && c <= '9')
        return true;
    if ((cls & C_HEXL) && ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
        return true;
    if ((cls & C_HEXU) && ((c >= '0' && c <= '9') || (c >= 'A' && c <= 'F')))
        return true;
    return c && extra && strchr(extra, c);
}

/* ---- vendor formats ----
 * Facts about formats (prefix, alphabet, length of what follows) from
 * the public rule sets: gitleaks' config, trufflehog's detectors and the
 * vendors' own documentation. 'min'/'max' count the characters after
 * the prefix; a run longer than 'max' is some other string and is left
 * alone. 'keep' keeps the prefix in clear (a webhook's host stays
 * readable, its secret path does not). */
struct vendor {
    const char *name;
    const char *prefix;
    unsigned cls;
    const char *extra;
    unsigned short min, max;
    bool keep;
};

static const struct vendor vendors[] = {
    {"age-secret-key", "AGE-SECRET-KEY-1", UN, NULL, 58, 58, false},
    {"1password-token", "ops_eyJ", AN, "+/=", 250, 4000, false},
    {"1password-secret-key", "A3-", UN, "-", 33, 40, false},
    {"adobe-client-secret", "p8e-", AN, NULL, 32, 32, false},
    {"airtable-pat", "pat", AN, ".", 79, 79, false},
    {"alibaba-access-key-id", "LTAI", AN, NULL, 20, 20, false},
    {"anthropic-api-key", "sk-ant-api03-", AN, "_-", 95, 95, false},
    {"anthropic-admin-key", "sk-ant-admin01-", AN, "_-", 95, 95, false},
    {"artifactory-api-key", "AKCp", AN, NULL, 69, 69, false},
    {"artifactory-reference-token", "cmVmd", AN, NULL, 59, 59, false},
    {"atlassian-api-token", "ATATT3", AN, "_-=", 186, 186, false},
    {"atlassian-cloud-token", "ATCTT3", AN, "_-=", 100, 300, false},
    {"bitbucket-app-password", "ATBB", AN, NULL, 32, 80, false},
    {"aws-bedrock-api-key", "ABSK", AN, "+/=", 109, 271, false},
    {"aws-session-token", "FwoGZXIvYXdzE", AN, "+/=", 100, 4000, false},
    {"aws-session-token", "IQoJb3JpZ2luX2Vj", AN, "+/=", 100, 4000, false},
    {"clickhouse-api-secret", "4b1d", AN, NULL, 38, 38, false},
    {"clojars-api-token", "CLOJARS_", AN, NULL, 60, 60, false},
    {"cloudflare-origin-ca-key", "v1.0-", HX, "-", 171, 171, false},
    {"databricks-api-token", "dapi", HX, "-", 32, 34, false},
    {"digitalocean-token", "doo_v1_", HX, NULL, 64, 64, false},
    {"digitalocean-token", "dop_v1_", HX, NULL, 64, 64, false},
    {"digitalocean-token", "dor_v1_", HX, NULL, 64, 64, false},
    {"doppler-token", "dp.pt.", AN, NULL, 40, 48, false},
    {"doppler-token", "dp.st.", AN, "_.-", 40, 80, false},
    {"doppler-token", "dp.ct.", AN, NULL, 40, 48, false},
    {"doppler-token", "dp.sa.", AN, NULL, 40, 48, false},
    {"docker-hub-pat", "dckr_pat_", AN, "_-", 27, 27, false},
    {"docker-hub-pat", "dckr_oat_", AN, "_-", 27, 32, false},
    {"duffel-api-token", "duffel_test_", AN, "_-=", 43, 43, false},
    {"duffel-api-token", "duffel_live_", AN, "_-=", 43, 43, false},
    {"dynatrace-api-token", "dt0c01.", AN, ".", 89, 89, false},
    {"easypost-api-key", "EZAK", AN, NULL, 54, 54, false},
    {"easypost-api-key", "EZTK", AN, NULL, 54, 54, false},
    {"facebook-access-token", "EAAC", AN, NULL, 100, 400, false},
    {"facebook-access-token", "EAAM", AN, NULL, 100, 400, false},
    {"figma-pat", "figd_", AN, "_-", 40, 40, false},
    {"flutterwave-secret-key", "FLWSECK_TEST-", AN, "-", 12, 40, false},
    {"flutterwave-secret-key", "FLWSECK-", AN, "-", 32, 40, false},
    {"flyio-token", "fo1_", AN, "_-", 43, 43, false},
    {"flyio-token", "fm1a_", AN, "+/=", 100, 4000, false},
    {"flyio-token", "fm1r_", AN, "+/=", 100, 4000, false},
    {"flyio-token", "fm2_", AN, "+/=", 100, 4000, false},
    {"frameio-api-token", "fio-u-", AN, "_-=", 64, 64, false},
    {"github-token", "ghp_", AN, NULL, 36, 255, false},
    {"github-token", "gho_", AN, NULL, 36, 255, false},
    {"github-token", "ghu_", AN, NULL, 36, 255, false},
    {"github-token", "ghs_", AN, NULL, 36, 255, false},
    {"github-token", "ghr_", AN, NULL, 36, 255, false},
    {"github-token", "github_pat_", AN, "_", 22, 255, false},
    {"gitlab-token", "glpat-", AN, "_.-", 20, 300, false},
    {"gitlab-token", "gldt-", AN, "_-", 20, 20, false},
    {"gitlab-token", "glffct-", AN, "_-", 20, 20, false},
    {"gitlab-token", "glft-", AN, "_-", 20, 20, false},
    {"gitlab-token", "glimt-", AN, "_-", 25, 25, false},
    {"gitlab-token", "glagent-", AN, "_-", 50, 50, false},
    {"gitlab-token", "gloas-", AN, "_-", 64, 64, false},
    {"gitlab-token", "glptt-", HX, NULL, 40, 40, false},
    {"gitlab-token", "GR1348941", AN, "_-", 20, 20, false},
    {"gitlab-token", "glrt-", AN, "_.-", 20, 300, false},
    {"gitlab-token", "glsoat-", AN, "_-", 20, 20, false},
    {"gitlab-token", "glcbt-", AN, "_-", 21, 30, false},
    {"google-oauth-secret", "GOCSPX-", AN, "_-", 28, 28, false},
    {"google-oauth-token", "ya29.", AN, "_.-", 30, 4000, false},
    {"google-refresh-token", "1//", AN, "_-", 40, 512, false},
    {"grafana-token", "glc_", AN, "+/=", 32, 400, false},
    {"grafana-token", "glsa_", AN, "_", 41, 41, false},
    {"grafana-token", "eyJrIjoi", AN, "=", 70, 400, false},
    {"groq-api-key", "gsk_", AN, NULL, 52, 52, false},
    {"harness-api-key", "pat.", AN, "_.-", 68, 68, false},
    {"harness-api-key", "sat.", AN, "_.-", 68, 68, false},
    {"heroku-api-key", "HRKU-AA", AN, "_-", 58, 58, false},
    {"honeybadger-token", "hbp_", AN, NULL, 36, 36, false},
    {"honeycomb-key", "hcaik_", AN, NULL, 58, 64, false},
    {"huggingface-token", "api_org_", AN, NULL, 34, 34, false},
    {"infracost-api-token", "ico-", AN, NULL, 32, 32, false},
    {"intra42-client-secret", "s-s4t2ud-", HX, NULL, 64, 64, false},
    {"intra42-client-secret", "s-s4t2af-", HX, NULL, 64, 64, false},
    {"langsmith-api-key", "lsv2_pt_", AN, "_", 40, 50, false},
    {"langsmith-api-key", "lsv2_sk_", AN, "_", 40, 50, false},
    {"linear-api-key", "lin_api_", AN, NULL, 40, 40, false},
    {"mailgun-key", "key-", HX, NULL, 32, 32, false},
    {"mailgun-key", "pubkey-", HX, NULL, 32, 32, false},
    {"mailersend-token", "mlsn.", AN, NULL, 64, 64, false},
    {"mandrill-api-key", "md-", AN, "_-", 22, 22, false},
    {"mapbox-secret-token", "sk.eyJ", AN, "_.-", 80, 300, false},
    {"neon-api-key", "napi_", AN, NULL, 64, 64, false},
    {"netlify-token", "nfp_", AN, NULL, 36, 40, false},
    {"new-relic-key", "NRAK-", UN, NULL, 27, 27, false},
    {"new-relic-key", "NRII-", AN, "-", 32, 32, false},
    {"new-relic-key", "NRJS-", HX, NULL, 19, 19, false},
    {"notion-token", "ntn_", AN, NULL, 46, 46, false},
    {"notion-token", "secret_", AN, NULL, 43, 43, false},
    {"npm-token", "npm_", AN, NULL, 36, 36, false},
    {"nuget-api-key", "oy2", LN, NULL, 43, 43, false},
    {"openshift-token", "sha256~", AN, "_-", 43, 43, false},
    {"perplexity-api-key", "pplx-", AN, NULL, 48, 48, false},
    {"pinecone-api-key", "pcsk_", AN, "_", 50, 100, false},
    {"planetscale-token", "pscale_tkn_", AN, "_.=-", 32, 64, false},
    {"planetscale-token", "pscale_oauth_", AN, "_.=-", 32, 64, false},
    {"planetscale-token", "pscale_pw_", AN, "_.=-", 32, 64, false},
    {"postman-api-token", "PMAK-", HXA, "-", 59, 59, false},
    {"prefect-api-token", "pnu_", AN, NULL, 36, 36, false},
    {"pulumi-api-token", "pul-", HX, NULL, 40, 40, false},
    {"pypi-upload-token", "pypi-AgEIcHlwaS5vcmc", AN, "_-", 50, 1000, false},
    {"razorpay-key", "rzp_live_", AN, NULL, 14, 20, false},
    {"razorpay-key", "rzp_test_", AN, NULL, 14, 20, false},
    {"readme-api-token", "rdme_", LN, NULL, 70, 70, false},
    {"render-api-key", "rnd_", AN, NULL, 32, 32, false},
    {"replicate-api-token", "r8_", AN, "_-", 37, 37, false},
    {"resend-api-key", "re_", AN, "_", 30, 40, false},
    {"rubygems-api-token", "rubygems_", HX, NULL, 48, 48, false},
    {"scalingo-api-token", "tk-us-", AN, "_-", 48, 48, false},
    {"sendgrid-api-key", "SG.", AN, "_.=-", 66, 66, false},
    {"sendinblue-api-key", "xkeysib-", AN, "-", 81, 81, false},
    {"sendinblue-api-key", "xsmtpsib-", AN, "-", 81, 81, false},
    {"sentry-token", "sntryu_", HX, NULL, 64, 64, false},
    {"sentry-token", "sntrys_eyJ", AN, "+/=_", 60, 600, false},
    {"settlemint-token", "sm_aat_", AN, NULL, 16, 16, false},
    {"settlemint-token", "sm_pat_", AN, NULL, 16, 16, false},
    {"settlemint-token", "sm_sat_", AN, NULL, 16, 16, false},
    {"shippo-api-token", "shippo_live_", HXA, NULL, 40, 40, false},
    {"shippo-api-token", "shippo_test_", HXA, NULL, 40, 40, false},
    {"shopify-token", "shpat_", HXA, NULL, 32, 32, false},
    {"shopify-token", "shpca_", HXA, NULL, 32, 32, false},
    {"shopify-token", "shppa_", HXA, NULL, 32, 32, false},
    {"shopify-token", "shpss_", HXA, NULL, 32, 32, false},
    {"slack-token", "xapp-", AN, "-", 20, 255, false},
    {"slack-token", "xoxe.xox", AN, "-", 160, 180, false},
    {"slack-token", "xoxe-", AN, "-", 140, 160, false},
    {"slack-webhook", "hooks.slack.com/services/", AN, "/", 40, 80, true},
    {"slack-webhook", "hooks.slack.com/workflows/", AN, "/", 40, 80, true},
    {"slack-webhook", "hooks.slack.com/triggers/", AN, "/", 40, 80, true},
    {"discord-webhook", "discord.com/api/webhooks/", AN, "/_-", 60, 120, true},
    {"discord-webhook", "discordapp.com/api/webhooks/", AN, "/_-", 60, 120,
     true},
    {"teams-webhook", ".webhook.office.com/webhookb2/", AN, "-@/", 100, 300,
     true},
    {"telegram-bot-token", "api.telegram.org/bot", AN, ":_-", 40, 60, true},
    {"google-chat-webhook", "chat.googleapis.com/v1/spaces/", AN,
     "/?=&_%-", 40, 400, true},
    {"sonar-token", "squ_", HX, NULL, 40, 40, false},
    {"sonar-token", "sqp_", HX, NULL, 40, 40, false},
    {"sonar-token", "sqa_", HX, NULL, 40, 40, false},
    {"square-token", "sq0atp-", AN, "_-", 22, 60, false},
    {"square-token", "sq0csp-", AN, "_-", 43, 43, false},
    {"square-token", "EAAA", AN, "_-", 60, 60, false},
    {"stripe-webhook-secret", "whsec_", AN, NULL, 32, 64, false},
    {"supabase-token", "sbp_", HX, NULL, 40, 40, false},
    {"supabase-token", "sb_secret_", AN, "_-", 20, 60, false},
    {"tailscale-key", "tskey-auth-", AN, "_-", 20, 100, false},
    {"tailscale-key", "tskey-api-", AN, "_-", 20, 100, false},
    {"tailscale-key", "tskey-client-", AN, "_-", 20, 100, false},
    {"tencent-secret-id", "AKID", AN, NULL, 32, 36, false},
    {"twilio-api-key", "SK", HXA, NULL, 32, 32, false},
    {"typeform-api-token", "tfp_", AN, "_.=-", 59, 59, false},
    {"vault-token", "hvs.", AN, "_-", 90, 120, false},
    {"vault-token", "hvb.", AN, "_-", 138, 300, false},
    {"xai-api-key", "xai-", AN, NULL, 80, 80, false},
    {"yandex-token", "AQVN", AN, "_-", 35, 38, false},
    {"yandex-token", "YC", AN, "_-", 38, 38, false},
    {"yandex-token", "t1.", AN, "_=.-", 90, 200, false},
    {"buildkite-token", "bkua_", HX, NULL, 40, 40, false},
    {"circleci-token", "CCIPAT_", AN, "_", 40, 70, false},
    {"contentful-token", "CFPAT-", AN, "_-", 43, 43, false},
    {"crates-io-token", "cio", AN, NULL, 32, 32, false},
    {"dropbox-token", "sl.", AN, "_=-", 130, 140, false},
    {"braintree-token", "access_token$production$", AN, "$", 30, 100,
     false},
    {"axiom-token", "xaat-", HX, "-", 36, 36, false},
    {"axiom-token", "xapt-", HX, "-", 36, 36, false},
    {"clickup-token", "pk_", AN, "_", 40, 50, false},
    {"datadog-token", "ddapp_", AN, NULL, 30, 60, false},
    {"deepseek-api-key", "sk-", HX, NULL, 32, 32, false},
    /* more from gitleaks' rule set */
    {"aws-bedrock-api-key", "bedrock-api-key-YmVkcm9jay5hbWF6b25hd3MuY29t",
     AN, "+/=", 20, 8000, false},
    {"flutterwave-public-key", "FLWPUBK_TEST-", LN, "-X", 34, 34, false},
    {"flutterwave-public-key", "FLWPUBK-", LN, "-X", 34, 34, false},
    {"gitlab-session-cookie", "_gitlab_session=", LN, NULL, 32, 32, true},
    {"sourcegraph-token", "sgp_local_", HXA, NULL, 40, 40, false},
    {"sourcegraph-token", "sgp_", HXA, "_", 40, 57, false},
    {"octopus-deploy-api-key", "API-", UN, NULL, 26, 26, false},
    {"defined-networking-token", "dnkey-", AN, "=_-", 79, 79, false},
    {"plaid-access-token", "access-sandbox-", HX, "-", 36, 36, false},
    {"plaid-access-token", "access-development-", HX, "-", 36, 36, false},
    {"plaid-access-token", "access-production-", HX, "-", 36, 36, false},
    /* and from trufflehog's detectors */
    {"astra-db-token", "AstraCS:", AN, ":", 89, 89, false},
    /* round 11's audit against both rule sets */
    {"adafruit-io-key", "aio_", AN, NULL, 28, 28, false},
    {"apify-api-token", "apify_api_", AN, NULL, 36, 36, false},
    {"bitbucket-dc-token", "BBDC-", AN, "+/@_-", 40, 50, false},
    {"figma-pat", "figp_", AN, "_=-", 40, 54, false},
    {"hubspot-token", "pat-na1-", HX, "-", 36, 36, false},
    {"hubspot-token", "pat-eu1-", HX, "-", 36, 36, false},
    {"new-relic-key", "NRBR-", HX, NULL, 19, 19, false},
    {"new-relic-key", "NRIQ-", AN, "_-", 25, 32, false},
    {"posthog-api-key", "phx_", AN, "_", 43, 48, false},
    {"ramp-api-key", "ramp_id_", AN, NULL, 40, 40, false},
    {"ramp-api-key", "ramp_sec_", AN, NULL, 48, 48, false},
    {"rootly-api-key", "rootly_", HX, NULL, 64, 64, false},
    {"saladcloud-api-key", "salad_cloud_", AN, "_", 9, 243, false},
    {"zapier-webhook", "hooks.zapier.com/hooks/catch/", AN, "/", 10, 40,
     true},
    {"tines-webhook", ".tines.com/webhook/", LN, "/", 65, 65, true},
    {"zoho-token", "1000.", HX, ".", 65, 65, false},
};

/* Formats whose fixed part is not their start: 'lead' characters of
 * 'lead_cls' (and 'lead_extra'), then 'infix', then min..max of
 * 'cls'/'extra'. Tried at word starts, after the prefix rows. */
struct infix {
    const char *name;
    unsigned char lead;
    unsigned lead_cls;
    const char *lead_extra;
    const char *infix;
    unsigned cls;
    const char *extra;
    unsigned short min, max;
};

static const struct infix infixes[] = {
    /* Azure AD (Entra) client secrets: 3 characters, a digit, "Q~" */
    {"azure-ad-client-secret", 4, AN, "_~.", "Q~", AN, "_~.-", 31, 34},
    /* Terraform Cloud / Enterprise API tokens: id ".atlasv1." secret */
    {"terraform-api-token", 14, AN, NULL, ".atlasv1.", AN, "_=-", 60, 70},
};

#define N_INFIXES (sizeof(infixes) / sizeof(infixes[0]))

#define N_VENDORS (sizeof(vendors) / sizeof(vendors[0]))
#define MAX_FIRST 48

static unsigned char v_first_n[256];
static unsigned short v_first[256][MAX_FIRST];
static unsigned char v_plen[N_VENDORS];
/* Bit (a << 8 | b): some prefix opens with the bytes a, b. Most word
 * starts open no prefix, and one load says so where the first-byte list
 * cost a loop of compares (a fifth of the scan's time on log text). */
static unsigned char v_pair[(1 << 16) / 8];
static pthread_once_t v_once = PTHREAD_ONCE_INIT;

static bool vendor_pair(unsigned char a, unsigned char b)
{
    unsigned k = (unsigned)a << 8 | b;

    return v_pair[k >> 3] >> (k & 7) & 1;
}

static void build_tables(void)
{
    size_t i;

    for (i = 0; i < 256; i++) {
        if (isalnum((int)i) || i == '_')
            kinds[i] |= K_WORD | K_B64 | K_KEY;
        if (isalpha((int)i))
            kinds[i] |= K_ALPHA;
        if (i == '+' || i == '/' || i == '-')
            kinds[i] |= K_B64;
        if (i == '.' || i == '-')
            kinds[i] |= K_KEY;
    }
    for (i = 0; i < N_VENDORS; i++) {
        unsigned char c = (unsigned char)vendors[i].prefix[0];
        unsigned k = (unsigned)c << 8 | (unsigned char)vendors[i].prefix[1];

        v_plen[i] = (unsigned char)strlen(vendors[i].prefix);
        v_pair[k >> 3] |= (unsigned char)(1u << (k & 7));
        /* a full bucket would be a table edit gone wrong; the row is
         * then only reachable through its other rules (a unit test
         * checks that every row is reachable) */
        if (v_first_n[c] < MAX_FIRST)
            v_first[c][v_first_n[c]++] = (unsigned short)i;
    }
    for (i = 0; i < 256; i++)
        if (!(kinds[i] & K_B64) && !v_first_n[i] && i != '\n' && i != '<' &&
            i != '=' && i != ':')
            kinds[i] |= K_QUIET;
}

const char *sb_redact_vendor_name(size_t i)
{
    if (i < N_VENDORS)
        return vendors[i].name;
    return i - N_VENDORS < N_INFIXES ? infixes[i - N_VENDORS].name : NULL;
}

/* The end of a vendor token starting at 'i', or 0; *row gets its row. */
static size_t match_vendor(const char *in, size_t len, size_t i,
                           size_t *row, size_t *keep)
{
    unsigned char c = (unsigned char)in[i];
    unsigned k;

    /* every prefix has two bytes or more */
    if (len - i < 2 || !vendor_pair(c, (unsigned char)in[i + 1]))
        return 0;
    for (k = 0; k < v_first_n[c]; k++) {
        const struct vendor *v = &vendors[v_first[c][k]];
        size_t pl = v_plen[v_first[c][k]], n = 0;

        if (len - i < pl + v->min || in[i + 1] != v->prefix[1] ||
            memcmp(in + i, v->prefix, pl))
            continue;
        while (i + pl + n < len && n <= v->max &&
               in_class((unsigned char)in[i + pl + n], v->cls, v->extra))
            n++;
        if (n < v->min || n > v->max)
            continue;
        /* a longer word that merely starts like a token is not one */
        if (i + pl + n < len && is_word((unsigned char)in[i + pl + n]))
            continue;
        *row = v_first[c][k];
        *keep = v->keep ? pl : 0;
        return i + pl + n;
    }
    return 0;
}

/* Whether some infix row's two first fixed bytes stand where they would
 * for a token at 'i': a constant table, so the loop unrolls into a few
 * compares a word. */
static bool infix_maybe(const char *in, size_t len, size_t i)
{
    size_t r;

    for (r = 0; r < N_INFIXES; r++)
        if (len - i > infixes[r].lead + 1u &&
            in[i + infixes[r].lead] == infixes[r].infix[0] &&
            in[i + infixes[r].lead + 1] == infixes[r].infix[1])
            return true;
    return false;
}

/* The end of an infix format starting at 'i' (a word start), or 0;
 * *row gets its row. */
static size_t match_infix(const char *in, size_t len, size_t i, size_t *row)
{
    size_t r, k, n, il, p;

    for (r = 0; r < N_INFIXES; r++) {
        const struct infix *f = &infixes[r];

        /* two loads turn away almost every word */
        if (len - i < f->lead + 2u + f->min || in[i + f->lead] != f->infix[0] ||
            in[i + f->lead + 1] != f->infix[1])
            continue;
        il = strlen(f->infix);
        if (len - i < f->lead + il + f->min ||
            memcmp(in + i + f->lead, f->infix, il))
            continue;
        for (k = 0; k < f->lead; k++)
            if (!in_class((unsigned char)in[i + k], f->lead_cls, f->lead_extra))
                break;
        if (k < f->lead)
            continue;
        /* the Azure form: the last lead character is a digit */
        if (f->infix[0] == 'Q' && !isdigit((unsigned char)in[i + f->lead - 1]))
            continue;
        p = i + f->lead + il;
        for (n = 0; p + n < len && n <= f->max &&
                    in_class((unsigned char)in[p + n], f->cls, f->extra);
             n++)
            ;
        if (n < f->min || n > f->max ||
            (p + n < len && is_word((unsigned char)in[p + n])))
            continue;
        *row = r;
        return p + n;
    }
    return 0;
}

/* ---- keys ---- */

#define MAX_WORDS 12
#define WORD_MAX 40

struct words {
    char w[MAX_WORDS][WORD_MAX];
    int n;
};

/* Splits a key into lower-case words at separators and case changes:
 * "secretAccessKey" -> secret access key, "APIKey" -> api key,
 * "DB_PASS" -> db pass, "client-key-data" -> client key data. Only the
 * last MAX_WORDS words are kept: the last ones decide. */
static void split_words(const char *k, size_t len, struct words *ws)
{
    size_t i, wl = 0;
    char *cur = NULL;

    ws->n = 0;
    for (i = 0; i < len; i++) {
        unsigned char c = (unsigned char)k[i];
        bool brk;

        if (!isalnum(c)) {
            cur = NULL;
            continue;
        }
        brk = !cur;
        if (cur && isupper(c) && i > 0 &&
            (islower((unsigned char)k[i - 1]) ||
             isdigit((unsigned char)k[i - 1])))
            brk = true;
        if (cur && isupper(c) && i + 1 < len &&
            islower((unsigned char)k[i + 1]) &&
            isupper((unsigned char)k[i - 1]))
            brk = true;
        if (brk) {
            if (ws->n == MAX_WORDS) {
                memmove(ws->w[0], ws->w[1], sizeof(ws->w[0]) * (MAX_WORDS - 1));
                ws->n--;
            }
            cur = ws->w[ws->n++];
            wl = 0;
        }
        if (wl + 1 < WORD_MAX) {
            cur[wl++] = (char)tolower(c);
            cur[wl] = '\0';
        }
    }
}

static bool word_in(const char *w, const char *const *list)
{
    for (; *list; list++)
        if (!strcmp(w, *list))
            return true;
    return false;
}

static bool ends_with(const char *s, const char *suf)
{
    size_t n = strlen(s), k = strlen(suf);

    return n >= k && !strcmp(s + n - k, suf);
}

/* A word that names a secret on its own, also as the end of a longer
 * word ("dbpassword", "hftoken", "oauth"). */
static const char *const secret_ends[] = {
    "password", "passwd", "passphrase", "secret", "token", "credential",
    "credentials", "creds", "apikey", "accesskey", "secretkey", "privatekey",
    "appkey", "clientsecret", "webhook", "webhookurl", "dsn",
    "connectionstring", "connstring", "connstr", "signature", "auth",
    "sastoken", "bearer", "writekey", "pepper", NULL};

/* Before a last word "key": the pairs that name a key holding a secret
 * (api key, ssh key, tls.key); "key" alone names a key, not a secret. */
static const char *const key_owners[] = {
    "api", "access", "secret", "private", "app", "application", "client",
    "auth", "encryption", "encrypt", "signing", "sign", "master", "session",
    "account", "shared", "storage", "license", "ssh", "gpg", "pgp", "tls",
    "ssl", "subscription", "admin", "root", "write", "ingest", "deploy",
    "webhook", "hmac", "jwt", "cookie", "consumer", "sas", "primary",
    "secondary", "rsa", "ecdsa", "ed25519", "user", "routing", "integration",
    "service", "developer", "dev", "live", "prod", "test", NULL};

/* Before "token": words that make it a count or a tokenizer's marker. */
static const char *const token_not[] = {
    "max", "min", "num", "n", "total", "per", "pad", "eos", "bos", "unk",
    "sep", "cls", "mask", "next", "continue", "continuation", "page", "sync",
    "resume", "start", "end", "special", "bos", "prompt", "stop", "new",
    NULL};

/* Words after the secret word that still hold its value. */
static const char *const value_words[] = {
    "value", "b64", "base64", "encoded", "enc", "raw", "plain", "str",
    "string", "hash", NULL};

/* Words after the secret words that tell one of several apart: a
 * version, an age, an environment, a role ("TOKEN_V2", "KEY_PRIMARY"). */
static const char *const qualifiers[] = {
    "old", "new", "prev", "previous", "current", "curr", "primary",
    "secondary", "backup", "bak", "prod", "production", "staging", "stage",
    "dev", "test", "live", "sandbox", NULL};

static bool qualifier_word(const char *w)
{
    size_t i;

    /* "2", "v2", "V10" */
    i = (w[0] == 'v' && w[1]) ? 1 : 0;
    if (w[i] && strspn(w + i, "0123456789") == strlen(w + i))
        return true;
    return word_in(w, qualifiers);
}

/* Cuts the digits that end a word of letters ("password2" -> "password"),
 * so the secret words find it; a word of digits only stays. */
static void strip_digits(char *w)
{
    size_t n = strlen(w);

    if (!strcmp(w, "oauth2"))
        return;                 /* a protocol's name, not "oauth" 2 */
    while (n > 1 && isdigit((unsigned char)w[n - 1]))
        n--;
    if (isalpha((unsigned char)w[n - 1]))
        w[n] = '\0';
}

/* The key class: 0 plain, 1 secret, 2 secret unless the value reads as
 * an object name (the last word is "secret": a Secret's name often
 * stands there). */
static bool has_at(const char *k, size_t len, size_t j, const char *w)
{
    size_t n = strlen(w), i;

    if (len - j < n)
        return false;
    for (i = 1; i < n; i++)
        if ((k[j + i] | 0x20) != w[i])
            return false;
    return true;
}

/* Bundler's credentials for a gem source: BUNDLE_<HOST>=user:password,
 * the host's dots written "__" (BUNDLE_GEMS__CONTRIBSYS__COM, the Sidekiq
 * Pro/Enterprise sources). Its settings (BUNDLE_PATH, BUNDLE_JOBS) hold
 * no "__"; BUNDLE_BUILD__<gem> (compiler flags) and BUNDLE_MIRROR__<url>
 * (a URL) do, and hold no secret. */
static bool bundler_host_key(const char *k, size_t len)
{
    size_t i;

    if (len < 12 || strncmp(k, "BUNDLE_", 7) ||
        !strncmp(k + 7, "BUILD__", 7) || !strncmp(k + 7, "MIRROR__", 8))
        return false;
    for (i = 7; i + 1 < len; i++)
        if (k[i] == '_' && k[i + 1] == '_')
            return true;
    return false;
}

/* Whether a key holds one of the stems of the secret words at all: most
 * keys do not, and are answered without splitting them into words. */
static bool maybe_secret_key(const char *k, size_t len)
{
    size_t j;

    for (j = 0; j < len; j++)
        switch (k[j] | 0x20) {
        case 'p':
            if (has_at(k, len, j, "pass") || has_at(k, len, j, "pwd") ||
                has_at(k, len, j, "pepper"))
                return true;
            break;
        case 's':
            if (has_at(k, len, j, "secret") || has_at(k, len, j, "sig"))
                return true;
            break;
        case 't':
            if (has_at(k, len, j, "token"))
                return true;
            break;
        case 'k':
            if (has_at(k, len, j, "key"))
                return true;
            break;
        case 'c':
            if (has_at(k, len, j, "cred") || has_at(k, len, j, "conn"))
                return true;
            break;
        case 'a':
            if (has_at(k, len, j, "auth"))
                return true;
            break;
        case 'w':
            if (has_at(k, len, j, "webhook"))
                return true;
            break;
        case 'd':
            if (has_at(k, len, j, "dsn"))
                return true;
            break;
        case 'b':
            if (has_at(k, len, j, "bearer") ||
                (j == 0 && bundler_host_key(k, len)))
                return true;
            break;
        default:
            break;
        }
    return false;
}

static int key_class_of(const char *key, size_t len)
{
    struct words ws;
    const char *last, *prev;
    int n;

    if (!maybe_secret_key(key, len))
        return 0;
    split_words(key, len, &ws);
    n = ws.n;
    if (!n)
        return 0;
    /* pairs whose last word alone says nothing */
    if (n > 1 && ((!strcmp(ws.w[n - 2], "webhook") &&
                   (!strcmp(ws.w[n - 1], "url") ||
                    !strcmp(ws.w[n - 1], "uri"))) ||
                  ((!strcmp(ws.w[n - 2], "connection") ||
                    !strcmp(ws.w[n - 2], "conn")) &&
                   !strcmp(ws.w[n - 1], "string"))))
        return 1;
    if (bundler_host_key(key, len))
        return 1;
    if (n > 1 && word_in(ws.w[n - 1], value_words))
        n--;
    /* a qualifier after the secret words ("DB_PASSWORD_OLD", "API_KEY_V2",
     * Rails' "SECRET_KEY_BASE") still names the secret; a digit suffix
     * on the word itself ("PASSWORD2") is cut below */
    if (n > 1 && (qualifier_word(ws.w[n - 1]) ||
                  (!strcmp(ws.w[n - 1], "base") &&
                   !strcmp(ws.w[n - 2], "key"))))
        n--;
    strip_digits(ws.w[n - 1]);
    last = ws.w[n - 1];
    prev = n > 1 ? ws.w[n - 2] : "";
    if (!strcmp(last, "data") && !strcmp(prev, "key"))
        return 1;                       /* client-key-data */
    if (!strcmp(last, "key"))
        return word_in(prev, key_owners) ? 1 : 0;
    if (!strcmp(last, "pass") || !strcmp(last, "pwd"))
        return n > 1 || !strcmp(last, "pass") ? 1 : 0;
    if (!strcmp(last, "token") && word_in(prev, token_not))
        return 0;
    if (!strcmp(last, "secret") || !strcmp(last, "clientsecret"))
        return 2;
    if (!strcmp(last, "auth") && n == 1)
        return 1;
    {
        const char *const *e;

        for (e = secret_ends; *e; e++)
            if (ends_with(last, *e)) {
                /* unsplit all-lower keys: "maxtoken" is a count */
                size_t k;

                if (strcmp(*e, "token"))
                    return 1;
                for (k = 0; token_not[k]; k++) {
                    size_t pl = strlen(token_not[k]);

                    if (strlen(last) == pl + 5 &&
                        !strncmp(last, token_not[k], pl))
                        return 0;
                }
                return 1;
            }
    }
    return 0;
}

/* An object repeats the same few key names ("name", "image", "value")
 * in every item, and a log repeats its fields on every line: the class,
 * a pure function of the key's bytes, is kept per thread for the last
 * key seen at each of KC_SLOTS hash slots (no lock, bounded memory).
 * A slot with len 0 is empty; an empty or long key is not kept. */
#define KC_SLOTS 256
#define KC_KEY 48

struct kc_slot {
    unsigned char len;
    signed char cls;
    char key[KC_KEY];
};

static _Thread_local struct kc_slot kc_cache[KC_SLOTS];

uint32_t sb_redact_hash(const char *s, size_t len)
{
    uint64_t h = 0x9e3779b97f4a7c15u ^ len, w;
    size_t i;

    /* eight bytes a step: the cached texts run to a hundred bytes */
    for (i = 0; i + 8 <= len; i += 8) {
        memcpy(&w, s + i, 8);
        h = (h ^ w) * 0xff51afd7ed558ccdu;
        h ^= h >> 29;
    }
    for (; i < len; i++)
        h = (h ^ (unsigned char)s[i]) * 0x100000001b3u;
    /* a multiply leaves the low bits to the low bits of the input: mix
     * the high ones down, as the slots are taken from the low ones */
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53u;
    h ^= h >> 33;
    return (uint32_t)h;
}

static int key_class(const char *key, size_t len)
{
    struct kc_slot *sl;
    int cls;

    if (len == 0 || len > KC_KEY)
        return key_class_of(key, len);
    sl = &kc_cache[sb_redact_hash(key, len) % KC_SLOTS];
    if (sl->len == len && !memcmp(sl->key, key, len))
        return sl->cls;
    cls = key_class_of(key, len);
    memcpy(sl->key, key, len);
    sl->len = (unsigned char)len;
    sl->cls = (signed char)cls;
    return cls;
}

bool sb_redact_key_sensitive(const char *key, size_t len)
{
    return key_class(key, len) != 0;
}

int sb_redact_key_class(const char *key, size_t len)
{
    return key_class(key, len);
}

/* Keys whose values are ids, hashes or places: never an entropy mask. */
static bool entropy_exempt_key(const char *key, size_t len)
{
    static const char *const lasts[] = {
        "id", "ids", "uid", "uuid", "guid", "sha", "sha1", "sha256", "hash",
        "digest", "checksum", "commit", "revision", "rev", "version",
        "trace", "traceparent", "span", "etag", "image", "path", "file",
        "dir", "url", "uri", "host", "hostname", "name", "namespace", "node",
        "pod", "container", "kind", "type", "mode", "ts", "time", "date",
        "timestamp", "generation", "fingerprint", "ref", "tag", "branch",
        "serial", "sum", "md5", NULL};
    struct words ws;

    split_words(key, len, &ws);
    return ws.n && word_in(ws.w[ws.n - 1], lasts);
}

size_t sb_redact_token_len(const char *p, size_t len)
{
    size_t i = 10, name, k;

    if (len < 10 || memcmp(p, "<redacted:", 10))
        return 0;
    for (name = i; i < len && i - name < 40 &&
                   (islower((unsigned char)p[i]) ||
                    isdigit((unsigned char)p[i]) || p[i] == '-');
         i++)
        ;
    if (i == name || i + 10 + 2 > len || p[i] != ':')
        return 0;
    for (i++, k = 0; k < 10; k++, i++)
        if (!isdigit((unsigned char)p[i]) && (p[i] < 'a' || p[i] > 'f'))
            return 0;
    return p[i] == '>' ? i + 1 : 0;
}

bool sb_redact_value_inert(const char *v, size_t len)
{
    static const char *const words[] = {"true", "false", "null", "nil",
                                        "none", "yes", "no", "~", "<none>",
                                        "undefined", NULL};
    size_t i;

    if (!len)
        return true;
    /* the words are 1 to 9 bytes long: a longer value skips their loop */
    for (i = 0; len <= 9 && words[i]; i++)
        if (strlen(words[i]) == len && !strncasecmp(v, words[i], len))
            return true;
    if (len >= 2 && (!memcmp(v, "${", 2) || !memcmp(v, "$(", 2) ||
                     !memcmp(v, "{{", 2)) &&
        (v[len - 1] == '}' || v[len - 1] == ')'))
        return true;
    if (sb_redact_token_len(v, len) == len)
        return true;
    /* kubectl describe's placeholders: <none>, <set to the key ...> */
    if (v[0] == '<' && v[len - 1] == '>')
        return true;
    for (i = 0; i < len && (v[i] == '*' || v[i] == v[0]); i++)
        ;
    return i == len && len > 2 && (v[0] == '*' || v[0] == 'x' ||
                                   v[0] == 'X');
}

bool sb_redact_looks_like_name(const char *v, size_t len)
{
    size_t i, seg = 0, segs = 1;
    bool alpha = false, digit = false;

    if (!len || len > 253 || !islower((unsigned char)v[0]))
        return false;
    for (i = 0; i <= len; i++) {
        unsigned char c = i < len ? (unsigned char)v[i] : '-';

        if (c == '-' || c == '.') {
            /* each part a word or a number: "db-secret", "tls-certs-2" */
            if (!seg || (alpha && digit) || seg > 24)
                return false;
            if (i < len)
                segs++;
            seg = 0;
            alpha = digit = false;
        } else if (islower(c)) {
            alpha = true;
            seg++;
        } else if (isdigit(c)) {
            digit = true;
            seg++;
        } else {
            return false;
        }
    }
    return segs > 1;
}

static bool all_hex(const char *v, size_t len)
{
    size_t i;

    for (i = 0; i < len; i++)
        if (!isxdigit((unsigned char)v[i]) && v[i] != '-' && v[i] != ':')
            return false;
    return true;
}

static bool printable_b64(const char *v, size_t len)
{
    unsigned char d[96];
    size_t n, i;

    if (len < 16)
        return false;
    n = sb_base64_decode(v, len < 128 ? len & ~(size_t)3 : 124, d, 0);
    if (n == (size_t)-1 || n < 8)
        return false;
    for (i = 0; i < n; i++)
        if (d[i] < 0x20 || d[i] > 0x7e)
            return false;
    return true;
}

bool sb_redact_high_entropy(const char *v, size_t len)
{
    unsigned cnt[256] = {0};
    bool up = false, low = false, dig = false, sep = false;
    double h = 0, thr;
    size_t i, slashes = 0;

    if (len < 20 || len > 4096)
        return false;
    for (i = 0; i < len; i++) {
        unsigned char c = (unsigned char)v[i];

        if (!isalnum(c) && !strchr("+/=_.~-", c))
            return false;
        cnt[c]++;
        up |= isupper(c) != 0;
        low |= islower(c) != 0;
        dig |= isdigit(c) != 0;
        sep |= c == '-' || c == '.' || c == '_';
        slashes += c == '/';
    }
    /* digests, git SHAs, trace ids, UUIDs and GPU-/MIG- UUIDs are hex */
    if (all_hex(v, len) ||
        ((!strncmp(v, "GPU-", 4) || !strncmp(v, "MIG-", 4)) &&
         all_hex(v + 4, len - 4)))
        return false;
    /* paths and references ("meta-llama/Llama-3-8B", "a/b.txt"):
     * standard base64 has '/' but never '-' or '.' beside it */
    if (v[0] == '/' || v[0] == '.' || v[0] == '~' ||
        (slashes && (memchr(v, '-', len) || memchr(v, '.', len))))
        return false;
    if (!dig || !(up || low))
        return false;
    /* one-case letters with separators: object names, versions */
    if (!(up && low) && (sep || len < 24))
        return false;
    for (i = 0; i < 256; i++)
        if (cnt[i]) {
            double p = (double)cnt[i] / (double)len;

            h -= p * log2(p);
        }
    /* base64 of plain text (checked for secrets by the base64 pass) */
    if (printable_b64(v, len))
        return false;
    /* random text of n characters over 62 symbols stays above
     * log2(n) - 1.2 in 999 draws of 1000 (measured for n = 20..64);
     * camelCase identifiers can reach it too, which costs a mask of a
     * name, never a leak */
    thr = log2((double)len) - 1.3;
    return h >= thr;
}

/* ---- the scan ---- */

struct scan {
    const char *in;
    size_t len;
    size_t done;            /* nothing before this may be reported */
    sb_scan_fn *fn;
    void *ctx;
    size_t named;           /* end of a "name: DB_PASSWORD" whose "value"
                               follows, or 0 */
};

static int report(struct scan *sc, size_t s, size_t e, const char *rule)
{
    bool m = false;
    int rc;

    if (e <= s || s < sc->done)
        return 0;
    rc = sc->fn(sc->ctx, SB_SCAN_MASK, s, e, rule, &m);
    if (!rc)
        sc->done = e;
    return rc ? rc : 1;
}

/* A quoted value starting after its quote at 'p': the end of its
 * content. 'esc' is 1 for \"...\" (JSON inside JSON). */
static size_t quoted_end(const char *in, size_t len, size_t p, char q,
                         int esc)
{
    while (p < len && in[p] != '\n') {
        if (esc) {
            if (in[p] == '\\' && p + 1 < len && in[p + 1] == q)
                return p;
            if (in[p] == '\\' && p + 1 < len)
                p++;
        } else if (in[p] == '\\' && q == '"' && p + 1 < len) {
            p++;
        } else if (in[p] == q) {
            return p;
        }
        p++;
    }
    return (size_t)-1;
}

/* An unquoted inline value: up to white space or a delimiter. ',', ';'
 * and '&' stay inside it unless what follows is the next "key=" (a
 * password "a,b;c&d" is masked whole). */
static size_t bare_end(const char *in, size_t len, size_t p)
{
    while (p < len) {
        unsigned char c = (unsigned char)in[p];
        size_t t;

        if (c == '<' && (t = sb_redact_token_len(in + p, len - p))) {
            p += t;             /* a token inside the value is part of it */
            continue;
        }
        if (isspace(c) || c == 0 || strchr("\"'<>{}[]()\\`", c))
            break;
        if (c == ',' || c == ';' || c == '&') {
            size_t q = p + 1, k;

            if (q >= len || isspace((unsigned char)in[q]) ||
                strchr("\"'<>{}[]()\\`,;&", in[q]))
                break;
            for (k = q; k < len && k - q < 64 &&
                        (is_word((unsigned char)in[k]) || in[k] == '.' ||
                         in[k] == '-');
                 k++)
                ;
            if (k > q && k < len && (in[k] == '=' || in[k] == ':'))
                break;
        }
        p++;
    }
    return p;
}

static bool is_key_char(unsigned char c)
{
    return kinds[c] & K_KEY;
}

static bool holds_token(const char *v, size_t len)
{
    const char *p = v, *end = v + len;

    while ((p = memchr(p, '<', (size_t)(end - p)))) {
        if (sb_redact_token_len(p, (size_t)(end - p)))
            return true;
        p++;
    }
    return false;
}

/* Decides on a value [vs, ve) after key [ks, ke): a mask under 'rule'
 * when the key is sensitive, else the entropy test when 'single' (the
 * value is one token). Returns report()'s code or 0. */
static int decide(struct scan *sc, size_t ks, size_t ke, size_t vs,
                  size_t ve, bool single, const char *rule)
{
    const char *in = sc->in;
    int cls;

    if (ve <= vs)
        return 0;
    /* most keys of log text ("step=", "\"level\":") are plain: without
     * a long single value for the entropy test nor a name/value pair to
     * follow, nothing below can mask, so the value goes unread */
    if (!(single && ve - vs >= 20) && !sc->named &&
        !(ke - ks <= 5 && ke - ks >= 3) && !maybe_secret_key(in + ks, ke - ks))
        return 0;
    if (sb_redact_value_inert(in + vs, ve - vs)) {
        /* an empty or already masked "value" still answers its name: a
         * later "value" is not that name's (redacting the output again
         * must change nothing) */
        if (ke - ks == 5 && !strncasecmp(in + ks, "value", 5))
            sc->named = 0;
        return 0;
    }
    if (holds_token(in + vs, ve - vs)) {
        size_t t = sb_redact_token_len(in + vs, ve - vs);

        /* a rule before this one masked part of the value: where that
         * part opens the value ("password=<token> rest", a value cut by
         * the rule), what follows is masked too; elsewhere ("Bearer
         * <token>", "postgres://u:<token>@db") the rule knew the shape */
        if (!t || key_class(in + ks, ke - ks) == 0)
            return 0;
        vs += t;
        while (vs < ve && (isspace((unsigned char)in[vs]) ||
                           (in[vs] == '\\' && vs + 1 < ve &&
                            strchr("nrt", in[vs + 1]) && ++vs)))
            vs++;
        return vs < ve && !holds_token(in + vs, ve - vs)
                   ? report(sc, vs, ve, rule) : 0;
    }
    /* name/value pairs (env lists in YAML or JSON, parameters): the
     * name says whether the value that follows is a secret */
    if ((ke - ks == 4 && (!strncasecmp(in + ks, "name", 4) ||
                          !strncasecmp(in + ks, "key", 3))) ||
        (ke - ks == 3 && !strncasecmp(in + ks, "key", 3))) {
        /* a new pair: its name decides for the "value" after it */
        sc->named = key_class(in + vs, ve - vs) == 1 ? ve : 0;
        /* "?key=<random>" (an API key in a query): a "key" whose value
         * names nothing is judged as any other value; "name" values are
         * names */
        if (sc->named || ke - ks != 3 || !single || ve - vs < 20 ||
            !sb_redact_high_entropy(in + vs, ve - vs))
            return 0;
        return report(sc, vs, ve, "entropy");
    }
    if (ke - ks == 5 && !strncasecmp(in + ks, "value", 5) && sc->named &&
        ks > sc->named && ks - sc->named < 256) {
        sc->named = 0;
        return report(sc, vs, ve, "key-secret");
    }
    cls = key_class(in + ks, ke - ks);
    if (cls == 2 && sb_redact_looks_like_name(in + vs, ve - vs))
        return 0;
    if (cls)
        return report(sc, vs, ve, rule);
    if (single && ve - vs >= 20 && !entropy_exempt_key(in + ks, ke - ks) &&
        sb_redact_high_entropy(in + vs, ve - vs))
        return report(sc, vs, ve, "entropy");
    return 0;
}

/* A line "key = value", "key: value", "export KEY=value",
 * "- key: value", "key value" (fluent-bit) or ".pgpass" fields, at
 * line start 'i'. */
static int line_assign(struct scan *sc, size_t i)
{
    const char *in = sc->in;
    size_t len = sc->len, p = i, ks, ke, vs, ve, eol, k, colons = 0;
    char q = 0, sep;

    {
        const char *nl = memchr(in + i, '\n', len - i), *c = in + i;

        eol = nl ? (size_t)(nl - in) : len;
        while (colons < 5 && (c = memchr(c, ':', (size_t)(in + eol - c)))) {
            colons++;
            c++;
        }
    }
    while (p < eol && (in[p] == ' ' || in[p] == '\t'))
        p++;
    /* .pgpass: host:port:database:user:password */
    if (colons >= 4) {
        size_t f = 0, s = p;

        for (k = p; k < eol && f < 4 && !isspace((unsigned char)in[k]); k++)
            if (in[k] == ':') {
                if (k == s || (f == 1 && !(in[s] == '*' ||
                                           isdigit((unsigned char)in[s]))))
                    break;
                f++;
                s = k + 1;
            }
        ve = eol;
        while (ve > s && (in[ve - 1] == '\r' || in[ve - 1] == ' '))
            ve--;
        if (f == 4 && ve > s && !memchr(in + s, ' ', ve - s) &&
            !holds_token(in + s, ve - s))
            return report(sc, s, ve, "pgpass");
    }
    if (p + 2 < eol && in[p] == '-' && in[p + 1] == ' ')
        p += 2;
    if (eol - p > 7 && !memcmp(in + p, "export ", 7))
        p += 7;
    if (p < eol && (in[p] == '"' || in[p] == '\''))
        q = in[p++];
    ks = p;
    while (p < eol && p - ks < 128 && (is_key_char((unsigned char)in[p]) ||
                                       in[p] == '/'))
        p++;
    ke = p;
    if (ke == ks)
        return 0;
    if (q) {
        if (p >= eol || in[p] != q)
            return 0;
        p++;
    }
    k = p;
    while (p < eol && (in[p] == ' ' || in[p] == '\t'))
        p++;
    if (p >= eol)
        return 0;
    sep = in[p];
    if (sep == '=' || sep == ':') {
        p++;
        if (sep == ':' && p < eol && in[p] != ' ' && in[p] != '\t')
            return 0;                   /* "host:port", a time */
    } else if (p > k && !q) {
        /* "HTTP_Passwd secret": only for keys of several words, so the
         * prose "password reset" is not taken for an assignment */
        sep = ' ';
        if (!memchr(in + ks, '_', ke - ks) && !memchr(in + ks, '.', ke - ks))
            return 0;
    } else {
        return 0;
    }
    while (p < eol && (in[p] == ' ' || in[p] == '\t'))
        p++;
    if (p >= eol)
        return 0;
    if (in[p] == '"' || in[p] == '\'') {
        vs = p + 1;
        ve = quoted_end(in, eol, vs, in[p], 0);
        if (ve == (size_t)-1)
            return 0;
        return decide(sc, ks, ke, vs, ve, true,
                      q && sep == ':' ? "json-secret"
                      : sep == ':' ? "yaml-secret" : "kv-secret");
    }
    if (strchr("|>{[&*!", in[p]) && sep == ':')
        return 0;
    vs = p;
    if (q && sep == ':') {
        /* a JSON number or literal */
        for (ve = vs; ve < eol && !strchr(",}] \t\r", in[ve]); ve++)
            ;
    } else {
        ve = eol;
        for (k = vs; k < eol; k++)
            if (in[k] == '#' && k > vs &&
                (in[k - 1] == ' ' || in[k - 1] == '\t')) {
                ve = k;                 /* a trailing comment */
                break;
            }
    }
    while (ve > vs && (in[ve - 1] == ' ' || in[ve - 1] == '\t' ||
                       in[ve - 1] == '\r'))
        ve--;
    if (sep == ' ' && memchr(in + vs, ' ', ve - vs))
        return 0;
    return decide(sc, ks, ke, vs, ve, !memchr(in + vs, ' ', ve - vs),
                  sep == ':' ? "yaml-secret" : "kv-secret");
}

/* An inline "key=value", "key: value", "\"key\": \"value\"" around the
 * separator at 'i'. */
static int inline_assign(struct scan *sc, size_t i)
{
    const char *in = sc->in;
    size_t len = sc->len, p = i, ks, ke, vs, ve;
    int qlen = 0, vq = 0;
    char q = 0, vqc = 0;
    bool letter = false;

    if (i + 1 < len && (in[i + 1] == in[i] || (in[i] == ':' &&
                                               in[i + 1] == '=')))
        return 0;                       /* "==", "::", ":=" */
    while (p > sc->done && i - p < 4 && (in[p - 1] == ' ' ||
                                         in[p - 1] == '\t'))
        p--;
    if (p > sc->done && (in[p - 1] == '"' || in[p - 1] == '\'')) {
        q = in[p - 1];
        qlen = p - 1 > sc->done && in[p - 2] == '\\' ? 2 : 1;
        p -= (size_t)qlen;
    }
    /* "10:00:00", "host:8080", "k8s.io/x:y": a ':' with neither a space
     * nor a quote after it and no quoted key before it is no pair; said
     * before the look-back for the key, which costs more */
    if (in[i] == ':' && !q &&
        (i + 1 == len || !(in[i + 1] == ' ' || in[i + 1] == '\t' ||
                           in[i + 1] == '"' || in[i + 1] == '\'' ||
                           (in[i + 1] == '\\' && i + 2 < len &&
                            in[i + 2] == '"'))))
        return 0;
    ke = p;
    while (p > sc->done && ke - p < 128 &&
           is_key_char((unsigned char)in[p - 1])) {
        p--;
        letter |= (kinds[(unsigned char)in[p]] & K_ALPHA) != 0;
    }
    ks = p;
    if (ks == ke || !letter)
        return 0;
    if (q) {
        if (ks < (size_t)qlen || ks - (size_t)qlen < sc->done ||
            in[ks - 1] != q || (qlen == 2 && in[ks - 2] != '\\'))
            return 0;
    } else if (ks > 0 && is_key_char((unsigned char)in[ks - 1])) {
        return 0;
    }
    p = i + 1;
    while (p < len && p - i < 8 && (in[p] == ' ' || in[p] == '\t'))
        p++;
    if (p < len && in[p] == '\\' && p + 1 < len && in[p + 1] == '"') {
        vq = 2;
        vqc = '"';
    } else if (p < len && (in[p] == '"' || in[p] == '\'')) {
        vq = 1;
        vqc = in[p];
    }
    if (vq) {
        vs = p + (size_t)vq;
        ve = quoted_end(in, len, vs, vqc, vq == 2);
        if (ve == (size_t)-1)
            return 0;
    } else {
        if (in[i] == ':' && p == i + 1 && !q)
            return 0;   /* "a:b" with no space: a time, host:port, URL */
        vs = p;
        ve = bare_end(in, len, vs);
    }
    return decide(sc, ks, ke, vs, ve, true,
                  qlen == 2 ? "escaped-json-secret"
                  : q && in[i] == ':' ? "json-secret" : "kv-secret");
}

/* "Basic dXNlcjpwYXNz": a base64 "user:password" after the word. */
static int basic_auth(struct scan *sc, size_t i)
{
    const char *in = sc->in;
    size_t len = sc->len, p = i + 5, s, e, k;
    unsigned acc = 0, bits = 0;
    bool colon = false;

    if (len - i < 7 || strncasecmp(in + i, "basic", 5) ||
        (in[p] != ' ' && in[p] != '\t'))
        return 0;
    while (p < len && (in[p] == ' ' || in[p] == '\t'))
        p++;
    s = p;
    while (p < len && (isalnum((unsigned char)in[p]) || in[p] == '+' ||
                       in[p] == '/'))
        p++;
    e = p;
    while (p < len && in[p] == '=')
        p++;
    /* "Basic abc=def" is an assignment, not padding; once "def" is a
     * token it must read the same (a second redaction changes nothing) */
    if (e - s < 8 || (p < len && is_word((unsigned char)in[p])) ||
        (p > e && p < len && in[p] == '<' &&
         sb_redact_token_len(in + p, len - p)))
        return 0;
    for (k = s; k < e; k++) {
        acc = (acc << 6) | (unsigned)sb_base64_value((unsigned char)in[k]);
        bits += 6;
        if (bits >= 8) {
            unsigned char c;

            bits -= 8;
            c = (unsigned char)(acc >> bits);
            acc &= (1u << bits) - 1;
            if (c < 0x20 || c > 0x7e)
                return 0;
            colon |= c == ':';
        }
    }
    return colon ? report(sc, s, p, "authorization") : 0;
}

/* The end of the word that starts at 'i' (the next byte that is not
 * [A-Za-z0-9_]). */
static size_t word_end(const char *in, size_t len, size_t i)
{
    while (i < len && (kinds[(unsigned char)in[i]] & K_WORD))
        i++;
    return i;
}

/* A base64 run at 'i' (its first byte 'i' opens a word or is one of
 * "+/-"): reported when 16 bytes or longer. Sets *end to the end of the
 * run, padding included. Returns 1 when the callback masked it, 0 when
 * not, or its error. */
static int base64_run(struct scan *sc, size_t i, size_t w, size_t *end)
{
    const char *in = sc->in;
    size_t len = sc->len, e = w;
    bool m = false;
    int rc;

    while (e < len && (kinds[(unsigned char)in[e]] & K_B64))
        e++;
    while (e < len && in[e] == '=')
        e++;
    *end = e;
    if (e - i < 16 || i < sc->done)
        return 0;
    rc = sc->fn(sc->ctx, SB_SCAN_BASE64, i, e, "base64-secret", &m);
    if (rc)
        return rc;
    if (m)
        sc->done = e;
    return m ? 1 : 0;
}

/*
 * The main loop visits only the bytes that may start something: a word's
 * first byte (vendor prefixes, "Basic", base64 runs), the punctuation
 * that opens a vendor prefix or a base64 run, separators, '<' and line
 * starts. A word's other bytes and runs of white space, quotes and
 * brackets are passed over in tight loops of one table load a byte.
 */
int sb_redact_scan(const char *in, size_t len, bool base64, sb_scan_fn *fn,
                   void *ctx)
{
    struct scan sc = {in, len, 0, fn, ctx, 0};
    size_t i = 0, t, e, w, row, keep, b64_end = 0;
    bool bol = true;
    int rc;

    pthread_once(&v_once, build_tables);
    while (i < len) {
        unsigned char c = (unsigned char)in[i];
        unsigned k = kinds[c];

        /* the middle of a word starts nothing: vendor tokens, base64 runs
         * and "Basic" start at a word's start, keys end at a separator
         * (a report can end inside a word) */
        if (!bol && i > 0 && (k & K_WORD) &&
            (kinds[(unsigned char)in[i - 1]] & K_WORD)) {
            i = word_end(in, len, i + 1);
            continue;
        }
        /* spaces, quotes, brackets: a run of them is passed at once */
        if (!bol && (k & K_QUIET)) {
            i++;
            while (i < len && (kinds[(unsigned char)in[i]] & K_QUIET))
                i++;
            continue;
        }
        if (c == '<' && (t = sb_redact_token_len(in + i, len - i))) {
            i += t;
            sc.done = i;
            bol = false;
            continue;
        }
        if (bol) {
            bol = false;
            rc = line_assign(&sc, i);
            if (rc < 0)
                return rc;
            if (rc == 1) {
                i = sc.done;
                continue;
            }
        }
        if (c == '\n') {
            bol = true;
            i++;
            continue;
        }
        /* a vendor prefix that opens with a word character must open a
         * word; one that opens with punctuation (".webhook.office.com")
         * follows anything */
        if (i >= sc.done && (i == 0 || !(k & K_WORD) ||
                             !is_word((unsigned char)in[i - 1]))) {
            if (v_first_n[c] && (e = match_vendor(in, len, i, &row, &keep))) {
                rc = report(&sc, i + keep, e, vendors[row].name);
                if (rc < 0)
                    return rc;
                if (rc == 1) {
                    i = e;
                    continue;
                }
            }
            if ((k & K_WORD) && infix_maybe(in, len, i) &&
                (e = match_infix(in, len, i, &row))) {
                rc = report(&sc, i, e, infixes[row].name);
                if (rc < 0)
                    return rc;
                if (rc == 1) {
                    i = e;
                    continue;
                }
            }
            if ((c | 0x20) == 'b' && i + 6 < len && (in[i + 1] | 0x20) == 'a' &&
                (rc = basic_auth(&sc, i))) {
                if (rc < 0)
                    return rc;
                i = sc.done;
                continue;
            }
        }
        if (c == '=' || c == ':') {
            rc = inline_assign(&sc, i);
            if (rc < 0)
                return rc;
            if (rc == 1) {
                i = sc.done;
                continue;
            }
        }
        /* past the first word of a run the rest of the word starts
         * nothing either; words after a '-' or '/' in the run are
         * visited on their own */
        w = (k & K_WORD) ? word_end(in, len, i + 1) : i + 1;
        if (base64 && i >= b64_end && (k & K_B64) &&
            (i == 0 || !is_b64((unsigned char)in[i - 1]))) {
            rc = base64_run(&sc, i, w, &b64_end);
            if (rc < 0)
                return rc;
            if (rc == 1) {
                i = sc.done;
                continue;
            }
        }
        i = w;
    }
    return 0;
}

