/* HTML escaping of bundle strings. */
#include "sb_html.h"

#include <string.h>

#include "sb_utf8.h"

static const char *html_ref(char c, int attr)
{
    switch (c) {
    case '&': return "&amp;";
    case '<': return "&lt;";
    case '>': return "&gt;";
    case '"': return "&quot;";
    case '\'': return "&#39;";
    case '\t': return attr ? "&#9;" : NULL;
    case '\n': return attr ? "&#10;" : NULL;
    default: return NULL;
    }
}

static int html_escape(struct sb_buf *out, const char *s, size_t len, int attr)
{
    struct sb_buf clean = SB_BUF_INIT(SB_BUF_UNLIMITED);
    size_t start = out->len, i, run = 0;
    const char *ref;
    int rc;

    if (!s)
        return 0;
    rc = sb_utf8_clean(&clean, s, len);
    if (rc)
        goto cleanup;
    for (i = 0; i < clean.len; i++) {
        ref = html_ref(clean.data[i], attr);
        if (!ref) {
            run++;
            continue;
        }
        rc = sb_buf_add(out, clean.data + i - run, run);
        run = 0;
        if (!rc)
            rc = sb_buf_adds(out, ref);
        if (rc)
            goto cleanup;
    }
    rc = sb_buf_add(out, clean.data + i - run, run);
cleanup:
    if (rc)
        sb_buf_truncate(out, start);
    sb_buf_release(&clean);
    return rc;
}

int sb_html_text(struct sb_buf *out, const char *s, size_t len)
{
    return html_escape(out, s, len, 0);
}

int sb_html_texts(struct sb_buf *out, const char *s)
{
    return s ? html_escape(out, s, strlen(s), 0) : 0;
}

int sb_html_attr(struct sb_buf *out, const char *s)
{
    return s ? html_escape(out, s, strlen(s), 1) : 0;
}

int sb_html_url_path(struct sb_buf *out, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t start = out->len;
    unsigned char c;
    char pct[3];
    int rc = 0;

    for (; s && *s && !rc; s++) {
        c = (unsigned char)*s;
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
            (c >= '0' && c <= '9') || strchr("-._~/", c)) {
            rc = sb_buf_addc(out, (char)c);
            continue;
        }
        pct[0] = '%';
        pct[1] = hex[c >> 4];
        pct[2] = hex[c & 15];
        rc = sb_buf_add(out, pct, 3);
    }
    if (rc)
        sb_buf_truncate(out, start);
    return rc;
}

int sb_html_id(struct sb_buf *out, const char *s)
{
    size_t start = out->len;
    unsigned char c;
    int rc = 0;

    for (; s && *s && !rc; s++) {
        c = (unsigned char)*s;
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
            (c >= '0' && c <= '9') || c == '-' || c == '_')
            rc = sb_buf_addc(out, (char)c);
        else
            rc = sb_buf_addc(out, '_');
    }
    if (rc)
        sb_buf_truncate(out, start);
    return rc;
}
