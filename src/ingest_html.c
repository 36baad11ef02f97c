/*
 * ingest_html.c - HTML pages as articles: the libxml2 HTML parser (tolerant of the broken
 * markup scraped pages have) gives a tree; the title comes from <title> (or the first <h1>),
 * the text from the page's block elements with a paragraph break after each, and script,
 * style, navigation, header, footer, form and aside contents are left out. The text is
 * written into the document's arena; nothing is kept from the parser.
 */
#include "internal.h"

#include <libxml/HTMLparser.h>
#include <string.h>

static bool skipped(const xmlNode *n)
{
    static const char *const skip[] = {"script", "style", "noscript", "nav", "header",
                                       "footer", "form", "aside", "iframe", "svg", "button",
                                       "select", "template", "head"};
    for (size_t i = 0; i < sizeof skip / sizeof *skip; i++)
        if (xmlStrcasecmp(n->name, (const xmlChar *)skip[i]) == 0)
            return true;
    return false;
}

static bool block(const xmlNode *n)
{
    static const char *const b[] = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5",
                                    "h6", "blockquote", "tr", "article", "section", "figcaption",
                                    "dd", "dt", "pre", "td", "table", "ul", "ol"};
    for (size_t i = 0; i < sizeof b / sizeof *b; i++)
        if (xmlStrcasecmp(n->name, (const xmlChar *)b[i]) == 0)
            return true;
    return false;
}

static void collect(const xmlNode *n, sbuf *out, int depth)
{
    for (; n; n = n->next) {
        if (n->type == XML_TEXT_NODE && n->content) {
            const char *t = (const char *)n->content;
            size_t len = strlen(t);
            /* collapse white space; block ends add the paragraph breaks */
            for (size_t i = 0; i < len; i++) {
                char ch = t[i];
                bool ws = ch == ' ' || ch == '\n' || ch == '\t' || ch == '\r';
                if (ws) {
                    if (out->n && out->p[out->n - 1] != ' ' && out->p[out->n - 1] != '\n')
                        sb_put(out, " ", 1);
                } else {
                    sb_put(out, &ch, 1);
                }
            }
        } else if (n->type == XML_ELEMENT_NODE && !skipped(n) && depth < 256) {
            collect(n->children, out, depth + 1);
            if (block(n) && out->n && out->p[out->n - 1] != '\n') {
                while (out->n && out->p[out->n - 1] == ' ')
                    out->n--;
                sb_put(out, "\n\n", 2);
            }
        }
    }
}

static const xmlNode *find(const xmlNode *n, const char *name, int depth)
{
    for (; n && depth < 256; n = n->next) {
        if (n->type == XML_ELEMENT_NODE && xmlStrcasecmp(n->name, (const xmlChar *)name) == 0)
            return n;
        if (n->type == XML_ELEMENT_NODE) {
            const xmlNode *r = find(n->children, name, depth + 1);
            if (r)
                return r;
        }
    }
    return NULL;
}

int nev_doc_parse_html(nev_doc *d, const char *html, size_t len, nev_article *a, nev_error *err)
{
    if (!d || !html || !a)
        return nev_seterr(err, NEV_EINVAL, NULL, 0, "null argument");
    if (len > NEV_MAX_TEXT)
        return nev_seterr(err, NEV_ELIMIT, NULL, 0, "page of %zu bytes is over the %u-byte limit",
                          len, NEV_MAX_TEXT);
    memset(a, 0, sizeof *a);
    htmlDocPtr doc = htmlReadMemory(html, (int)len, NULL, "UTF-8",
                                    HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                                        HTML_PARSE_NONET | HTML_PARSE_NOBLANKS);
    if (!doc)
        return nev_seterr(err, NEV_EDATA, NULL, 0, "not an HTML page the parser can read");
    int rc = NEV_OK;
    const xmlNode *root = xmlDocGetRootElement(doc);
    sbuf title = {&d->ar, NULL, 0, 0, false}, text = {&d->ar, NULL, 0, 0, false};
    const xmlNode *t = root ? find(root, "title", 0) : NULL;
    if (!t && root)
        t = find(root, "h1", 0);
    if (t)
        collect(t->children, &title, 0);
    const xmlNode *body = root ? find(root, "article", 0) : NULL;
    if (!body && root)
        body = find(root, "body", 0);
    if (body)
        collect(body->children, &text, 0);
    else if (root)
        collect(root->children, &text, 0);
    if (title.oom || text.oom) {
        rc = nev_seterr(err, NEV_ENOMEM, NULL, 0, "out of memory");
        goto done;
    }
    while (title.n && (title.p[title.n - 1] == ' ' || title.p[title.n - 1] == '\n'))
        title.n--;
    while (text.n && (text.p[text.n - 1] == ' ' || text.p[text.n - 1] == '\n'))
        text.n--;
    a->title = title.n ? title.p : NULL;
    a->title_len = title.n;
    a->text = text.p ? text.p : "";
    a->text_len = text.n;
done:
    xmlFreeDoc(doc);
    return rc;
}
