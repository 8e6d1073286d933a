"""Generated credential corpus for the redaction end-to-end test.

plant(top, seed) writes secrets of many kinds into a copy of the
mini-cluster fixture, where they live in real clusters (env values,
ConfigMap files of many shapes, custom resource fields, annotations,
events, termination messages, current and previous container logs,
command lines, node logs), with values drawn at random per seed, and
saves the plan to top/../corpus-plan.json. check(members, plan) asserts
that no secret reached the bundle in any form (raw, JSON-escaped,
base64, or a long fragment), that every must-survive value came out
intact, and that one secret has one token in every context.

The formats are facts from the vendors' documentation and the public
rule sets (gitleaks, trufflehog, detect-secrets); the generator is our
own.
"""
import base64
import json
import os
import random
import re
import string

AN = string.ascii_letters + string.digits
LN = string.ascii_lowercase + string.digits
UN = string.ascii_uppercase + string.digits
HX = "0123456789abcdef"
W = AN + "_-"
B64 = AN + "+/"


def r(rng, alpha, n):
    return "".join(rng.choice(alpha) for _ in range(n))


def mixed(rng, n):
    """Random text that surely has upper, lower and digits."""
    while True:
        v = r(rng, AN, n)
        if (any(c.isupper() for c in v) and any(c.islower() for c in v)
                and sum(c.isdigit() for c in v) >= 2):
            return v


# Vendor formats: name -> function(rng) giving a whole token.
VENDOR = {
    # round 11's audit against the public rule sets
    "adafruit-io-key": lambda g: "aio_" + r(g, AN, 28),
    "apify-api-token": lambda g: "apify_api_" + r(g, AN, 36),
    "bitbucket-dc-token": lambda g: "BBDC-" + r(g, AN, 44),
    "figma-pat": lambda g: "figp_" + r(g, AN + "_-", 40),
    "hubspot-token": lambda g: "pat-na1-%s-%s-%s-%s-%s" % (
        r(g, HX, 8), r(g, HX, 4), r(g, HX, 4), r(g, HX, 4), r(g, HX, 12)),
    "new-relic-browser-key": lambda g: "NRBR-" + r(g, HX, 19),
    "new-relic-insights-key": lambda g: "NRIQ-" + r(g, AN, 32),
    "posthog-api-key": lambda g: "phx_" + r(g, AN, 43),
    "ramp-api-id": lambda g: "ramp_id_" + r(g, AN, 40),
    "ramp-api-secret": lambda g: "ramp_sec_" + r(g, AN, 48),
    "rootly-api-key": lambda g: "rootly_" + r(g, HX, 64),
    "saladcloud-api-key": lambda g: "salad_cloud_" + r(g, AN, 48),
    "zoho-token": lambda g: "1000.%s.%s" % (r(g, HX, 32), r(g, HX, 32)),
    "age-secret-key": lambda g: "AGE-SECRET-KEY-1" + r(
        g, "QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L", 58),
    "1password-secret-key": lambda g: "A3-%s-%s-%s-%s-%s" % (
        r(g, UN, 6), r(g, UN, 11), r(g, UN, 5), r(g, UN, 5), r(g, UN, 5)),
    "adobe-client-secret": lambda g: "p8e-" + r(g, AN, 32),
    "airtable-pat": lambda g: "pat" + r(g, AN, 14) + "." + r(g, HX, 64),
    "alibaba-access-key-id": lambda g: "LTAI" + r(g, AN, 20),
    "anthropic-api-key": lambda g: "sk-ant-api03-" + r(g, W, 93) + "AA",
    "anthropic-admin-key": lambda g: "sk-ant-admin01-" + r(g, W, 93) + "AA",
    "artifactory-api-key": lambda g: "AKCp" + r(g, AN, 69),
    "artifactory-reference-token": lambda g: "cmVmd" + r(g, AN, 59),
    "atlassian-api-token": lambda g: "ATATT3" + r(g, W, 186),
    "bitbucket-app-password": lambda g: "ATBB" + r(g, AN, 32),
    "aws-access-key-id": lambda g: "AKIA" + r(g, UN, 16),
    "aws-sts-key-id": lambda g: "ASIA" + r(g, UN, 16),
    "aws-bedrock-api-key": lambda g: "ABSK" + r(g, B64, 120),
    "aws-session-token": lambda g: "FwoGZXIvYXdzE" + r(g, B64, 200),
    "clickhouse-api-secret": lambda g: "4b1d" + r(g, AN, 38),
    "clojars-api-token": lambda g: "CLOJARS_" + r(g, LN, 60),
    "cloudflare-origin-ca-key": lambda g: "v1.0-%s-%s" % (r(g, HX, 24),
                                                         r(g, HX, 146)),
    "databricks-api-token": lambda g: "dapi" + r(g, HX, 32),
    "digitalocean-access-token": lambda g: "doo_v1_" + r(g, HX, 64),
    "digitalocean-pat": lambda g: "dop_v1_" + r(g, HX, 64),
    "digitalocean-refresh-token": lambda g: "dor_v1_" + r(g, HX, 64),
    "doppler-personal-token": lambda g: "dp.pt." + r(g, AN, 43),
    "doppler-service-token": lambda g: "dp.st." + r(g, AN, 43),
    "doppler-cli-token": lambda g: "dp.ct." + r(g, AN, 43),
    "docker-hub-pat": lambda g: "dckr_pat_" + r(g, W, 27),
    "duffel-api-token": lambda g: "duffel_test_" + r(g, W, 43),
    "dynatrace-api-token": lambda g: "dt0c01.%s.%s" % (r(g, UN, 24),
                                                       r(g, AN, 64)),
    "easypost-api-key": lambda g: "EZAK" + r(g, AN, 54),
    "easypost-test-key": lambda g: "EZTK" + r(g, AN, 54),
    "facebook-page-token": lambda g: "EAAC" + r(g, AN, 120),
    "figma-pat": lambda g: "figd_" + r(g, W, 40),
    "flutterwave-secret-key": lambda g: "FLWSECK_TEST-" + r(g, HX, 32) + "-X",
    "flyio-token": lambda g: "fo1_" + r(g, W, 43),
    "flyio-macaroon": lambda g: "fm2_" + r(g, B64, 160),
    "frameio-api-token": lambda g: "fio-u-" + r(g, W, 64),
    "gcp-api-key": lambda g: "AIza" + r(g, W, 35),
    "github-pat": lambda g: "ghp_" + r(g, AN, 36),
    "github-oauth": lambda g: "gho_" + r(g, AN, 36),
    "github-app-token": lambda g: "ghs_" + r(g, AN, 36),
    "github-user-token": lambda g: "ghu_" + r(g, AN, 36),
    "github-refresh-token": lambda g: "ghr_" + r(g, AN, 36),
    "github-fine-grained-pat": lambda g: "github_pat_" + r(g, AN + "_", 82),
    "gitlab-pat": lambda g: "glpat-" + r(g, W, 20),
    "gitlab-deploy-token": lambda g: "gldt-" + r(g, W, 20),
    "gitlab-feature-flag-token": lambda g: "glffct-" + r(g, W, 20),
    "gitlab-feed-token": lambda g: "glft-" + r(g, W, 20),
    "gitlab-mail-token": lambda g: "glimt-" + r(g, W, 25),
    "gitlab-agent-token": lambda g: "glagent-" + r(g, W, 50),
    "gitlab-oauth-secret": lambda g: "gloas-" + r(g, W, 64),
    "gitlab-trigger-token": lambda g: "glptt-" + r(g, HX, 40),
    "gitlab-runner-registration": lambda g: "GR1348941" + r(g, W, 20),
    "gitlab-runner-token": lambda g: "glrt-" + r(g, W, 20),
    "gitlab-scim-token": lambda g: "glsoat-" + r(g, W, 20),
    "google-oauth-secret": lambda g: "GOCSPX-" + r(g, W, 28),
    "google-oauth-token": lambda g: "ya29." + r(g, W, 120),
    "google-refresh-token": lambda g: "1//" + r(g, W, 100),
    "grafana-cloud-token": lambda g: "glc_" + r(g, AN, 60),
    "grafana-sa-token": lambda g: "glsa_%s_%s" % (r(g, AN, 32), r(g, HX, 8)),
    "grafana-api-key": lambda g: "eyJrIjoi" + r(g, AN, 80),
    "groq-api-key": lambda g: "gsk_" + r(g, AN, 52),
    "harness-pat": lambda g: "pat.%s.%s.%s" % (r(g, W, 22), r(g, AN, 24),
                                               r(g, AN, 20)),
    "heroku-api-key-v2": lambda g: "HRKU-AA" + r(g, W, 58),
    "honeybadger-token": lambda g: "hbp_" + r(g, AN, 36),
    "huggingface-token": lambda g: "hf_" + r(g, string.ascii_letters, 34),
    "huggingface-org-token": lambda g: "api_org_" + r(g, string.ascii_letters,
                                                      34),
    "infracost-api-token": lambda g: "ico-" + r(g, AN, 32),
    "intra42-client-secret": lambda g: "s-s4t2ud-" + r(g, HX, 64),
    "jwt": lambda g: "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiI%s.%s" % (
        r(g, AN, 20), r(g, W, 43)),
    "langsmith-api-key": lambda g: "lsv2_pt_%s_%s" % (r(g, HX, 32),
                                                      r(g, HX, 10)),
    "linear-api-key": lambda g: "lin_api_" + r(g, AN, 40),
    "mailgun-private-key": lambda g: "key-" + r(g, HX, 32),
    "mailgun-public-key": lambda g: "pubkey-" + r(g, HX, 32),
    "mailersend-token": lambda g: "mlsn." + r(g, HX, 64),
    "mapbox-secret-token": lambda g: "sk.eyJ1Ijoi%s.%s" % (r(g, AN, 60),
                                                          r(g, AN, 22)),
    "neon-api-key": lambda g: "napi_" + r(g, LN, 64),
    "new-relic-user-key": lambda g: "NRAK-" + r(g, UN, 27),
    "new-relic-insert-key": lambda g: "NRII-" + r(g, AN, 32),
    "new-relic-browser-key": lambda g: "NRJS-" + r(g, HX, 19),
    "notion-token": lambda g: "ntn_" + r(g, "0123456789", 11) + r(g, AN, 35),
    "notion-legacy-secret": lambda g: "secret_" + r(g, AN, 43),
    "npm-token": lambda g: "npm_" + r(g, AN, 36),
    "nuget-api-key": lambda g: "oy2" + r(g, LN, 43),
    "nvidia-api-key": lambda g: "nvapi-" + r(g, W, 64),
    "openai-project-key": lambda g: "sk-proj-" + r(g, W, 58) + "T3BlbkFJ"
    + r(g, W, 58),
    "openai-legacy-key": lambda g: "sk-" + r(g, AN, 20) + "T3BlbkFJ"
    + r(g, AN, 20),
    "openshift-token": lambda g: "sha256~" + r(g, W, 43),
    "perplexity-api-key": lambda g: "pplx-" + r(g, AN, 48),
    "pinecone-api-key": lambda g: "pcsk_" + r(g, AN, 5) + "_" + r(g, AN, 60),
    "planetscale-token": lambda g: "pscale_tkn_" + r(g, AN, 43),
    "planetscale-password": lambda g: "pscale_pw_" + r(g, AN, 43),
    "postman-api-key": lambda g: "PMAK-%s-%s" % (r(g, HX, 24), r(g, HX, 34)),
    "prefect-api-key": lambda g: "pnu_" + r(g, AN, 36),
    "pulumi-token": lambda g: "pul-" + r(g, HX, 40),
    "pypi-token": lambda g: "pypi-AgEIcHlwaS5vcmc" + r(g, W, 70),
    "razorpay-key": lambda g: "rzp_live_" + r(g, AN, 14),
    "readme-api-key": lambda g: "rdme_" + r(g, LN, 70),
    "replicate-api-token": lambda g: "r8_" + r(g, AN, 37),
    "rubygems-api-key": lambda g: "rubygems_" + r(g, HX, 48),
    "scalingo-token": lambda g: "tk-us-" + r(g, W, 48),
    "sendgrid-api-key": lambda g: "SG.%s.%s" % (r(g, W, 22), r(g, W, 43)),
    "sendinblue-api-key": lambda g: "xkeysib-%s-%s" % (r(g, HX, 64),
                                                      r(g, AN, 16)),
    "sentry-user-token": lambda g: "sntryu_" + r(g, HX, 64),
    "settlemint-pat": lambda g: "sm_pat_" + r(g, AN, 16),
    "shippo-token": lambda g: "shippo_live_" + r(g, HX, 40),
    "shopify-access-token": lambda g: "shpat_" + r(g, HX, 32),
    "shopify-custom-token": lambda g: "shpca_" + r(g, HX, 32),
    "shopify-private-token": lambda g: "shppa_" + r(g, HX, 32),
    "shopify-shared-secret": lambda g: "shpss_" + r(g, HX, 32),
    "slack-bot-token": lambda g: "xoxb-%s-%s-%s" % (
        r(g, "0123456789", 12), r(g, "0123456789", 13), r(g, AN, 24)),
    "slack-user-token": lambda g: "xoxp-%s-%s-%s-%s" % (
        r(g, "0123456789", 12), r(g, "0123456789", 12),
        r(g, "0123456789", 12), r(g, HX, 32)),
    "slack-app-token": lambda g: "xapp-1-%s-%s-%s" % (
        r(g, UN, 11), r(g, "0123456789", 13), r(g, HX, 64)),
    "slack-webhook": lambda g: "https://hooks.slack.com/services/T%s/B%s/%s"
    % (r(g, UN, 8), r(g, UN, 10), r(g, AN, 24)),
    "discord-webhook": lambda g: "https://discord.com/api/webhooks/%s/%s" % (
        r(g, "0123456789", 18), r(g, W, 68)),
    "teams-webhook": lambda g: (
        "https://acme.webhook.office.com/webhookb2/%s@%s/IncomingWebhook/%s/%s"
        % (r(g, HX, 8) + "-" + r(g, HX, 4) + "-" + r(g, HX, 4) + "-"
           + r(g, HX, 4) + "-" + r(g, HX, 12),
           r(g, HX, 8) + "-" + r(g, HX, 4) + "-" + r(g, HX, 4) + "-"
           + r(g, HX, 4) + "-" + r(g, HX, 12), r(g, HX, 32),
           r(g, HX, 8) + "-" + r(g, HX, 4) + "-" + r(g, HX, 4) + "-"
           + r(g, HX, 4) + "-" + r(g, HX, 12))),
    "telegram-bot-url": lambda g: "https://api.telegram.org/bot%s:AA%s/send"
    % (r(g, "0123456789", 10), r(g, W, 33)),
    "google-chat-webhook": lambda g: (
        "https://chat.googleapis.com/v1/spaces/AAAA%s/messages?key=AIza%s"
        "&token=%s" % (r(g, AN, 7), r(g, W, 35), r(g, W, 43))),
    "sonar-token": lambda g: "squ_" + r(g, HX, 40),
    "square-access-token": lambda g: "sq0atp-" + r(g, W, 22),
    "square-oauth-secret": lambda g: "sq0csp-" + r(g, W, 43),
    "stripe-secret-key": lambda g: "sk_live_" + r(g, AN, 24),
    "stripe-restricted-key": lambda g: "rk_live_" + r(g, AN, 24),
    "stripe-webhook-secret": lambda g: "whsec_" + r(g, AN, 32),
    "supabase-token": lambda g: "sbp_" + r(g, HX, 40),
    "tailscale-auth-key": lambda g: "tskey-auth-%s-%s" % (r(g, AN, 12),
                                                        r(g, AN, 30)),
    "tencent-secret-id": lambda g: "AKID" + r(g, AN, 32),
    "twilio-api-key": lambda g: "SK" + r(g, HX, 32),
    "typeform-token": lambda g: "tfp_" + r(g, W, 59),
    "vault-service-token": lambda g: "hvs." + r(g, W, 95),
    "vault-batch-token": lambda g: "hvb." + r(g, W, 150),
    "xai-api-key": lambda g: "xai-" + r(g, AN, 80),
    "yandex-api-key": lambda g: "AQVN" + r(g, W, 36),
    "buildkite-token": lambda g: "bkua_" + r(g, HX, 40),
    "contentful-pat": lambda g: "CFPAT-" + r(g, W, 43),
    "dropbox-short-lived": lambda g: "sl." + r(g, W, 135),
    "axiom-token": lambda g: "xaat-%s-%s-%s-%s-%s" % (
        r(g, HX, 8), r(g, HX, 4), r(g, HX, 4), r(g, HX, 4), r(g, HX, 12)),
    # from gitleaks' rule set and trufflehog's detectors
    "aws-access-key-a3t": lambda g: "A3T" + r(g, UN, 17),
    "aws-bedrock-short-lived": lambda g: (
        "bedrock-api-key-YmVkcm9jay5hbWF6b25hd3MuY29t" + r(g, B64, 200)),
    "flutterwave-public-key": lambda g: "FLWPUBK-%s-X" % r(g, HX, 32),
    "sourcegraph-token": lambda g: "sgp_%s_%s" % (r(g, HX, 16), r(g, HX, 40)),
    "sourcegraph-local-token": lambda g: "sgp_local_" + r(g, HX, 40),
    "octopus-deploy-api-key": lambda g: "API-" + r(g, UN, 26),
    "defined-networking-token": lambda g: "dnkey-%s-%s" % (
        r(g, LN + "_", 26), r(g, LN + "_", 52)),
    "plaid-access-token": lambda g: "access-sandbox-%s-%s-%s-%s-%s" % (
        r(g, HX, 8), r(g, HX, 4), r(g, HX, 4), r(g, HX, 4), r(g, HX, 12)),
    "astra-db-token": lambda g: "AstraCS:%s:%s" % (r(g, AN, 24),
                                                  r(g, LN, 64)),
    "azure-ad-client-secret": lambda g: "%s%dQ~%s" % (
        r(g, AN, 3), g.randrange(10), r(g, AN + "_.-", 33) + r(g, AN, 1)),
    "terraform-api-token": lambda g: "%s.atlasv1.%s" % (r(g, AN, 14),
                                                        r(g, AN, 67)),
    "azure-storage-key": lambda g: (
        "DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=%s==;"
        "EndpointSuffix=core.windows.net" % r(g, B64, 86)),
}

# The public part of a vendor token, left out of the fragment check (a
# webhook's host, a connection string's names are not the secret).
PUBLIC = re.compile(
    r"^(https://[^/]+/(?:services/|api/webhooks/|webhookb2/|bot|v1/spaces/)"
    r"|DefaultEndpointsProtocol=https;AccountName=acct;AccountKey="
    # the same for every Bedrock key: base64 of the service's host
    r"|bedrock-api-key-YmVkcm9jay5hbWF6b25hd3MuY29t)")

MARK = "ck%03d"   # a marker before each prose secret, to find its token


def pem_key(g, kind="RSA"):
    lines = [r(g, B64, 64) for _ in range(6)]
    return ("-----BEGIN %s PRIVATE KEY-----\n%s\n-----END %s PRIVATE KEY-----"
            % (kind, "\n".join(lines), kind)), lines


def plant(top, seed):
    g = random.Random(seed)
    secrets = []        # (kind, value, fragments to look for)
    survivors = []

    def add(kind, value, frags=None):
        secrets.append({"kind": kind, "value": value,
                        "frags": frags if frags is not None else [value]})
        return value

    def load(path):
        return json.load(open(os.path.join(top, path)))

    def save(path, doc):
        json.dump(doc, open(os.path.join(top, path), "w"), indent=1)

    def append(path, text):
        with open(os.path.join(top, path), "a") as f:
            f.write(text)

    # -- vendor formats, in every context, each behind its marker --
    vend = []
    for i, (name, fn) in enumerate(sorted(VENDOR.items())):
        v = fn(g)
        m = PUBLIC.match(v)
        frags = [v[m.end():] if m else v]
        if name == "google-chat-webhook":       # the space id is no secret
            frags = re.findall(r"(?:key|token)=([^&]+)", v)
        if name == "azure-storage-key":
            frags = re.findall(r"AccountKey=([^;]+)", v)
        add("vendor:" + name, v, frags)
        vend.append((MARK % i, name, v))

    pods = load("resources/ml-train/pods.json")
    trainer = [p for p in pods["items"]
               if p["metadata"]["name"] == "trainer-0"][0]
    cont = trainer["spec"]["containers"][0]
    env = cont.setdefault("env", [])
    ann = trainer["metadata"].setdefault("annotations", {})
    isvcs = load("resources/ml-train/inferenceservices.serving.kserve.io.json")
    isvc = isvcs["items"][0]
    cr = isvc["spec"].setdefault("extra", {})
    events = load("resources/ml-train/events.json")
    ev_tpl = events["items"][0]
    cms = load("resources/ml-train/configmaps.json")
    cm = dict(cms["items"][-1])
    cm = json.loads(json.dumps(cm))
    cm["metadata"] = dict(cm["metadata"], name="corpus-files",
                          uid="00000000-0000-4000-8000-00000000c0c0")
    cm["data"] = {}
    cms["items"].append(cm)

    cur, prev, node, term, evmsg, dotenv, yaml_l, args = ([] for _ in range(8))
    for mark, name, v in vend:
        n = mark.upper()
        env.append({"name": "SETTING_" + n, "value": mark + " " + v})
        ann["example.com/opt-" + mark] = mark + " " + v
        cr["opt" + mark] = mark + " " + v
        evmsg.append("%s upstream rejected %s" % (mark, v))
        term.append("%s failed with %s" % (mark, v))
        cur.append('2026-11-20T09:58:00Z {"level":"info","opt":"%s %s"}\n'
                   % (mark, v))
        prev.append("2026-11-20T09:50:00Z retrying with %s %s\n" % (mark, v))
        node.append("Nov 20 09:41:30 node-gpu-1 agent[77]: %s using %s\n"
                    % (mark, v))
        dotenv.append("OPT_%s=%s %s" % (n, mark, v))
        yaml_l.append("opt_%s: %s %s" % (mark, mark, v))
        args += ["--opt", mark + " " + v]

    # -- keys that name a secret, at any depth, in any kind --
    key_kinds = ["password", "passwd", "secretAccessKey", "appKey", "app_key",
                 "clientSecret", "apiToken", "privateKey", "accessKey",
                 "webhookUrl", "sentryDsn", "connectionString", "authToken",
                 "masterPwd", "db-pass", "credentials", "encryptionKey",
                 "HTTP_Passwd", "sessionSecret", "refresh_token"]
    sup = isvc["spec"].setdefault("superuser", {})
    for k in key_kinds:
        v = add("key:" + k, mixed(g, 14))
        sup[k] = v
    nested = add("key:nested-config-json", mixed(g, 16))
    cm["data"]["settings.json"] = json.dumps(
        {"db": {"host": "pg", "port": 5432, "masterPassword": nested},
         "env": [{"name": "DB_PASSWORD",
                  "value": add("key:embedded-env-pair", mixed(g, 15))}]})

    # -- config files of many shapes --
    def f(kind, n=14):
        return add("file:" + kind, mixed(g, n))
    amp = add("file:properties-cut", mixed(g, 6) + ",;&" + mixed(g, 8))
    cm["data"][".netrc"] = ("machine api.example.com login bot password %s\n"
                            % f("netrc"))
    cm["data"][".pgpass"] = "pg.example.com:5432:app:alice:%s\n" % f("pgpass")
    cm["data"]["settings.xml"] = (
        "<settings><servers><server><id>nexus</id><username>ci</username>"
        "<password>%s</password></server></servers></settings>\n"
        % f("maven-settings"))
    cm["data"]["NuGet.Config"] = (
        '<configuration><packageSourceCredentials><feed>'
        '<add key="Username" value="ci" />'
        '<add key="ClearTextPassword" value="%s" />'
        '</feed></packageSourceCredentials></configuration>\n'
        % f("nuget-config"))
    cm["data"]["fluent-bit.conf"] = (
        "[OUTPUT]\n    Name  es\n    HTTP_User admin\n    HTTP_Passwd %s\n"
        % f("fluent-bit"))
    cm["data"][".env"] = ("DB_HOST=pg\nDB_PASS=%s\nAPI_KEY=%s\n%s\n"
                          % (f("dotenv-db-pass"), f("dotenv-api-key"),
                             "\n".join(dotenv)))
    basic_user = f("nginx-basic-auth", 12)
    cm["data"]["nginx.conf"] = (
        "location / {\n  proxy_set_header Authorization \"Basic %s\";\n"
        "  proxy_set_header X-Api-Key %s;\n}\n"
        % (base64.b64encode(("proxy:" + basic_user).encode()).decode(),
           f("nginx-api-key-header")))
    cm["data"]["rclone.conf"] = ("[s3remote]\ntype = s3\naccess_key_id = x\n"
                                 "secret_access_key = %s\n[crypt]\npass = %s\n"
                                 % (f("rclone-secret"), f("rclone-pass")))
    cm["data"]["config.toml"] = ('[database]\nuser = "app"\npassword = "%s"\n'
                                 % f("toml-password"))
    cm["data"]["application.properties"] = (
        "spring.datasource.url=jdbc:postgresql://pg/app\n"
        "spring.datasource.password=%s\n" % amp)
    key_pem, key_lines = pem_key(g, "EC")
    add("file:kubeconfig-client-key-data", key_pem,
        key_lines + [base64.b64encode(key_pem.encode()).decode()])
    kc_token = f("kubeconfig-token", 32)
    cm["data"]["kubeconfig"] = (
        "apiVersion: v1\nkind: Config\nusers:\n- name: ci\n  user:\n"
        "    client-key-data: %s\n    token: %s\n"
        % (base64.b64encode(key_pem.encode()).decode(), kc_token))
    dock = f("docker-auths", 16)
    cm["data"]["config.json"] = json.dumps({"auths": {"registry.example.com": {
        "auth": base64.b64encode(("robot:" + dock).encode()).decode()}}})
    ssh_pem, ssh_lines = pem_key(g, "OPENSSH")
    add("file:ssh-private-key", ssh_pem, ssh_lines)
    cm["data"]["id_ed25519"] = ssh_pem + "\n"
    cm["data"]["values.yaml"] = "\n".join(yaml_l) + "\n"
    cm["data"]["app.yaml"] = ("env:\n- name: REDIS_PASSWORD\n  value: %s\n"
                              % f("yaml-env-pair"))

    # -- command lines: container args, sh -c scripts, logged commands --
    def c(kind):
        return add("cmd:" + kind, mixed(g, 13))
    side = json.loads(json.dumps(cont))
    side["name"] = "bootstrap"
    side["env"] = []
    side["command"] = ["sh", "-c",
                       "curl -sf -u admin:%s https://x/api && mysql -h pg -u "
                       "root -p%s app < /init.sql && PGPASSWORD=%s psql -h pg"
                       % (c("sh-curl-u"), c("sh-mysql-p"), c("sh-pgpassword"))]
    trainer["spec"]["containers"].append(side)
    cont["command"] = ["/usr/bin/trainer"]
    cont["args"] = ["--db-password", c("args-password-flag"),
                    "--api-key=" + c("args-api-key-eq")] + args
    login = json.loads(json.dumps(cont))
    login["name"] = "login"
    login["env"] = []
    login["command"] = ["docker", "login", "-u", "bot", "-p",
                        c("args-docker-login")]
    login["args"] = []
    trainer["spec"]["containers"].append(login)
    cur.append("2026-11-20T09:58:01Z + sshpass -p %s ssh root@node-1\n"
               % c("log-sshpass"))
    cur.append("2026-11-20T09:58:02Z + redis-cli -h cache -a %s ping\n"
               % c("log-redis-cli"))
    prev.append("2026-11-20T09:50:01Z exec: mysqldump -uroot -p%s shop\n"
                % c("log-mysqldump"))

    # -- DSNs without a scheme, wrapped values --
    cur.append("2026-11-20T09:58:03Z connecting app:%s@tcp(pg:3306)/shop\n"
               % add("dsn:go-mysql", mixed(g, 12)))
    prev.append("2026-11-20T09:50:02Z dsn=user:%s@(db.svc)/x\n"
                % add("dsn:mysql-parens", mixed(g, 12)))
    wrapped = mixed(g, 12)
    basic = base64.b64encode(("bob:" + wrapped).encode()).decode()
    add("wrap:basic-auth-log", wrapped, [wrapped, basic])
    cur.append("2026-11-20T09:58:04Z header Authorization: Basic %s\n"
               % basic)
    ann["example.com/blob"] = base64.b64encode(
        ("password=" + add("wrap:base64-annotation", mixed(g, 14)))
        .encode()).decode()

    # -- unknown formats in assignment, header and query position --
    cur.append("2026-11-20T09:58:05Z callback ?state=ok&code=%s HTTP/1.1\n"
               % add("entropy:query", mixed(g, 28)))
    node.append("Nov 20 09:41:31 node-gpu-1 agent[77]: X-Session-Blob: %s\n"
                % add("entropy:header", mixed(g, 32)))
    cm["data"]["opaque.conf"] = "opaque_value = %s\n" % add(
        "entropy:assignment", mixed(g, 30))

    # -- what must survive --
    digest = "sha256:" + r(g, HX, 64)
    git_sha = r(g, HX, 40)
    gpu = "GPU-%s-%s-%s-%s-%s" % (r(g, HX, 8), r(g, HX, 4), r(g, HX, 4),
                                  r(g, HX, 4), r(g, HX, 12))
    trace = r(g, HX, 32)
    cert = ("-----BEGIN CERTIFICATE-----\n%s\n-----END CERTIFICATE-----"
            % "\n".join(r(g, B64, 64) for _ in range(4)))
    cont["image"] = "ghcr.io/example/trainer@" + digest
    env += [{"name": "GIT_COMMIT", "value": git_sha},
            {"name": "MAX_NEW_TOKENS", "value": "512"},
            {"name": "TOKENIZER", "value": "meta-llama/Llama-3-8B"}]
    cur.append('2026-11-20T09:58:06Z {"trace_id":"%s","gpu":"%s",'
               '"max_tokens":512,"tokenizer":"llama"}\n' % (trace, gpu))
    cm["data"]["ca.crt"] = cert + "\n"
    vols = trainer["spec"].setdefault("volumes", [])
    vols.append({"name": "creds", "secret": {"secretName": "db-secret"}})
    env.append({"name": "HF_TOKEN", "valueFrom": {"secretKeyRef": {
        "name": "hf-token", "key": "token"}}})
    survivors += [digest, git_sha, gpu, trace, "MAX_NEW_TOKENS",
                  "meta-llama/Llama-3-8B", "db-secret", "hf-token",
                  trainer["metadata"]["uid"],
                  trainer["metadata"].get("resourceVersion", "")]
    survivors += cert.split("\n")[1:-1]

    term_msg = "\n".join(term)
    st = trainer["status"]["containerStatuses"][0]
    st["lastState"]["terminated"]["message"] = term_msg
    save("resources/ml-train/pods.json", pods)
    save("resources/ml-train/inferenceservices.serving.kserve.io.json", isvcs)
    save("resources/ml-train/configmaps.json", cms)
    for i, m in enumerate(evmsg):
        e = json.loads(json.dumps(ev_tpl))
        e["metadata"] = dict(e["metadata"], name="corpus.%d" % i,
                             uid="00000000-0000-4000-8000-%012d" % (900 + i))
        e["message"] = m
        events["items"].append(e)
    save("resources/ml-train/events.json", events)
    append("logs/ml-train/trainer-0/trainer.log", "".join(cur))
    append("logs/ml-train/trainer-0/trainer.previous.log", "".join(prev))
    append("nodes/node-gpu-1/logs/syslog", "".join(node))
    plan = {"secrets": secrets, "survivors": [s for s in survivors if s],
            "marks": [[m, n] for m, n, _ in vend],
            "contexts": ["env", "annotation", "custom-resource", "event",
                         "termination-message", "log-current",
                         "log-previous", "node-log", "configmap-file",
                         "command-line"]}
    json.dump(plan, open(os.path.join(top, "..", "corpus-plan.json"), "w"))
    return plan


def forms(v):
    """The forms a leaked value may take in a bundle."""
    out = {v, json.dumps(v)[1:-1], base64.b64encode(v.encode()).decode()}
    return {x for x in out if len(x) >= 6}


def check(members, plan):
    text = "\n".join(d.decode("utf-8", "replace") for p, d in members.items()
                     if p != "manifest.json")
    leaks = []
    for s in plan["secrets"]:
        for frag in s["frags"]:
            for form in forms(frag):
                if form in text:
                    leaks.append("%s leaked whole (%r)" % (s["kind"], form[:24]))
            # a long fragment: any 12 characters of the secret's body
            for i in range(0, max(1, len(frag) - 12), 4):
                if len(frag) >= 16 and frag[i:i + 12] in text:
                    leaks.append("%s leaked a fragment %r" % (s["kind"],
                                                             frag[i:i + 12]))
                    break
    lost = [v for v in plan["survivors"] if v not in text]
    # one secret, one token, wherever it stood
    unstable = []
    for mark, name in plan["marks"]:
        toks = set(re.findall(re.escape(mark) +
                              r" [^\s<\"]*<redacted:[a-z0-9-]+:"
                              r"([0-9a-f]{10})>", text))
        if len(toks) != 1:
            unstable.append("%s (%s): %d tokens" % (mark, name, len(toks)))
    return leaks, lost, unstable
