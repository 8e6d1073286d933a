/*
 * A byte-level reader of a List's structure. Bytes are copied in spans,
 * not one at a time: a span runs from where the current destination
 * (head or item) began in this chunk to where it ends or the chunk does.
 */
#include "sb_jlist.h"

#include <string.h>

#include "sb_err.h"

enum { ST_START, ST_HEAD, ST_BETWEEN, ST_ITEM, ST_END };

static bool is_ws(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

void sb_jlist_init(struct sb_jlist *s, size_t max_head, size_t max_item,
                   sb_jlist_item_fn *fn, void *ctx)
{
    memset(s, 0, sizeof(*s));
    s->fn = fn;
    s->ctx = ctx;
    s->max_item = max_item;
    sb_buf_init(&s->head, max_head);
    sb_buf_init(&s->item, SB_BUF_UNLIMITED);   /* bounded by max_item */
}

void sb_jlist_reset(struct sb_jlist *s)
{
    struct sb_buf head = s->head, item = s->item;

    sb_buf_reset(&head);
    sb_buf_reset(&item);
    sb_jlist_init(s, head.max, s->max_item, s->fn, s->ctx);
    s->head = head;
    s->item = item;
}

void sb_jlist_release(struct sb_jlist *s)
{
    sb_buf_release(&s->head);
    sb_buf_release(&s->item);
}

const struct sb_buf *sb_jlist_head(const struct sb_jlist *s)
{
    return &s->head;
}

bool sb_jlist_in_items(const struct sb_jlist *s)
{
    return s->state == ST_BETWEEN || s->state == ST_ITEM;
}

int sb_jlist_finish(const struct sb_jlist *s)
{
    return s->state == ST_END ? 0 : SB_E_FORMAT;
}

static int add_head(struct sb_jlist *s, const char *p, size_t n)
{
    if (!n)
        return 0;
    if (s->head.len + n > s->head.max)
        return SB_E_TOOBIG;
    return sb_buf_add(&s->head, p, n) ? SB_E_NOMEM : 0;
}

/* An item's bytes past 'max_item' are counted, not kept. */
static int add_item(struct sb_jlist *s, const char *p, size_t n)
{
    s->item_len += n;
    if (s->item_len > s->max_item) {
        sb_buf_reset(&s->item);
        return 0;
    }
    return n && sb_buf_add(&s->item, p, n) ? SB_E_NOMEM : 0;
}

static int emit(struct sb_jlist *s, const char *p, size_t n)
{
    int rc = add_item(s, p, n);

    if (rc)
        return rc;
    s->items++;
    s->state = ST_BETWEEN;
    if (s->item_len > s->max_item)
        return s->fn(s->ctx, NULL, (size_t)s->item_len);
    return s->fn(s->ctx, s->item.data ? s->item.data : "", s->item.len);
}

/* A byte inside a string of the head: escapes followed, and a key at
 * depth 1 captured so that "items" is known when its value opens. */
static void head_string_byte(struct sb_jlist *s, unsigned char c)
{
    bool ends = !s->esc && c == '"';

    if (s->in_key && !ends && s->keylen < sizeof(s->key))
        s->key[s->keylen++] = (char)c;
    if (s->esc)
        s->esc = false;
    else if (c == '\\')
        s->esc = true;
    else if (ends) {
        s->in_str = false;
        if (s->in_key) {
            s->in_key = false;
            s->expect_key = false;
            s->key_items = s->keylen == 5 && !memcmp(s->key, "items", 5);
        }
    }
}

int sb_jlist_feed(struct sb_jlist *s, const char *p, size_t n)
{
    size_t i = 0, start = 0;
    int rc = 0;

    while (i < n) {
        unsigned char c = (unsigned char)p[i];

        switch (s->state) {
        case ST_START:
            if (!is_ws(c) && c != '{')
                return SB_E_FORMAT;
            if (c == '{') {
                s->depth = 1;
                s->expect_key = true;
                s->state = ST_HEAD;
                start = i;
            }
            i++;
            break;
        case ST_HEAD:
            i++;
            if (s->in_str) {
                head_string_byte(s, c);
            } else if (c == '"') {
                s->in_str = true;
                if (s->depth == 1 && s->expect_key) {
                    s->in_key = true;
                    s->keylen = 0;
                }
            } else if (s->depth == 1 && c == '[' && s->key_items) {
                rc = add_head(s, p + start, i - start);
                if (rc)
                    return rc;
                s->depth = 2;
                s->key_items = false;
                s->state = ST_BETWEEN;
                start = i;
            } else if (c == '{' || c == '[') {
                s->depth++;
                s->key_items = false;
            } else if (c == '}' || c == ']') {
                if (--s->depth == 0) {
                    rc = add_head(s, p + start, i - start);
                    if (rc)
                        return rc;
                    s->state = ST_END;
                    start = i;
                }
            } else if (s->depth == 1 && c == ',') {
                s->expect_key = true;
                s->key_items = false;
            } else if (s->depth == 1 && c != ':' && !is_ws(c)) {
                s->key_items = false;
            }
            break;
        case ST_BETWEEN:
            if (is_ws(c) || c == ',') {
                start = ++i;
            } else if (c == ']') {
                s->depth = 1;
                s->state = ST_HEAD;
                start = i++;
            } else {
                s->item_len = 0;
                sb_buf_reset(&s->item);
                s->state = ST_ITEM;
                s->scalar = c != '{' && c != '[';
                if (c == '"')
                    s->in_str = true;
                else if (!s->scalar)
                    s->depth++;
                start = i++;
            }
            break;
        case ST_ITEM:
            if (s->in_str) {
                i++;
                if (s->esc)
                    s->esc = false;
                else if (c == '\\')
                    s->esc = true;
                else if (c == '"') {
                    s->in_str = false;
                    if (s->scalar && (rc = emit(s, p + start, i - start)))
                        return rc;
                    if (s->scalar)
                        start = i;
                }
            } else if (s->scalar) {
                if (is_ws(c) || c == ',' || c == ']') {
                    /* the byte ends the item and is read again between */
                    rc = emit(s, p + start, i - start);
                    if (rc)
                        return rc;
                    start = i;
                } else {
                    i++;
                }
            } else {
                i++;
                if (c == '"')
                    s->in_str = true;
                else if (c == '{' || c == '[')
                    s->depth++;
                else if ((c == '}' || c == ']') && --s->depth == 2) {
                    rc = emit(s, p + start, i - start);
                    if (rc)
                        return rc;
                    start = i;
                }
            }
            break;
        default:    /* ST_END */
            if (!is_ws(c))
                return SB_E_FORMAT;
            start = ++i;
            break;
        }
    }
    if (s->state == ST_HEAD)
        return add_head(s, p + start, n - start);
    if (s->state == ST_ITEM)
        return add_item(s, p + start, n - start);
    return 0;
}
