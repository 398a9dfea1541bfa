/*
 * Test oracle: compresses with the system zlib on request, so the pure-Java encoder can be compared
 * with zlib for the parameters java.util.zip.Deflater does not expose (windowBits, memLevel, RLE,
 * FIXED, the gzip wrapper and its header). Built and run by ZlibOracle.java; not part of any artifact.
 *
 * Protocol on stdin/stdout, little-endian 32-bit integers. On start it writes the length and bytes
 * of zlibVersion(). Then, per request:
 *   in:  level, windowBits (as deflateInit2 takes it: -w raw, w zlib, 16 + w gzip), memLevel,
 *        strategy, chunk (0: all input in one call), finishAtOnce (1: one deflate(Z_FINISH) call),
 *        headerLength (0: no deflateSetHeader), length, then headerLength bytes of gzip header
 *        fields (below), then length bytes of input
 *   gzip header fields: text, hcrc, os (one byte each), mtime (32 bits), then extra, name and
 *        comment, each as a length (-1: absent) and its bytes
 *   out: status (0 or a zlib error code), length, then length bytes of output
 * The output buffer always has room for everything, so level 0 output is zlib's with "enough room".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

static int read_full(void *buf, size_t n) {
    return fread(buf, 1, n, stdin) == n;
}

static int read_int(int *v) {
    unsigned char b[4];
    if (!read_full(b, 4)) return 0;
    *v = (int)((unsigned)b[0] | (unsigned)b[1] << 8 | (unsigned)b[2] << 16 | (unsigned)b[3] << 24);
    return 1;
}

/* Reads one optional header field from b[*pos..end): its length (-1: absent), then its bytes. */
static unsigned char *take_field(unsigned char *b, size_t *pos, size_t end, int *len, int terminate) {
    if (*pos + 4 > end) return NULL;
    unsigned char *p = b + *pos;
    *len = (int)((unsigned)p[0] | (unsigned)p[1] << 8 | (unsigned)p[2] << 16 | (unsigned)p[3] << 24);
    *pos += 4;
    if (*len < 0 || *pos + (size_t)*len > end) return NULL;
    unsigned char *f = malloc((size_t)*len + 1);
    if (!f) return NULL;
    memcpy(f, b + *pos, (size_t)*len);
    if (terminate) f[*len] = 0;
    *pos += (size_t)*len;
    return f;
}

static void write_int(int v) {
    unsigned char b[4] = {(unsigned char)v, (unsigned char)(v >> 8), (unsigned char)(v >> 16),
                          (unsigned char)(v >> 24)};
    fwrite(b, 1, 4, stdout);
}

int main(void) {
    const char *version = zlibVersion();
    write_int((int)strlen(version));
    fwrite(version, 1, strlen(version), stdout);
    fflush(stdout);
    for (;;) {
        int level, wbits, mem, strategy, chunk, at_once, hlen, len;
        if (!read_int(&level)) return 0;
        if (!read_int(&wbits) || !read_int(&mem) || !read_int(&strategy) || !read_int(&chunk) ||
            !read_int(&at_once) || !read_int(&hlen) || !read_int(&len) || len < 0 || hlen < 0) return 2;
        unsigned char *hbuf = malloc(hlen ? (size_t)hlen : 1);
        if (!hbuf || !read_full(hbuf, (size_t)hlen)) return 2;
        gz_header head;
        memset(&head, 0, sizeof head);
        unsigned char *fields[3] = {NULL, NULL, NULL};
        if (hlen > 0) {
            if (hlen < 7) return 2;
            head.text = hbuf[0];
            head.hcrc = hbuf[1];
            head.os = hbuf[2];
            head.time = (uLong)hbuf[3] | (uLong)hbuf[4] << 8 | (uLong)hbuf[5] << 16 | (uLong)hbuf[6] << 24;
            size_t pos = 7;
            int flen[3];
            for (int i = 0; i < 3; i++) {
                int absent = pos + 4 <= (size_t)hlen && hbuf[pos] == 0xff && hbuf[pos + 1] == 0xff &&
                             hbuf[pos + 2] == 0xff && hbuf[pos + 3] == 0xff;
                if (absent) {
                    pos += 4;
                } else if (!(fields[i] = take_field(hbuf, &pos, (size_t)hlen, &flen[i], i > 0))) {
                    return 2;
                }
            }
            head.extra = fields[0];
            head.extra_len = fields[0] ? (uInt)flen[0] : 0;
            head.name = fields[1];
            head.comment = fields[2];
        }
        unsigned char *in = malloc(len ? (size_t)len : 1);
        if (!in || !read_full(in, (size_t)len)) return 2;
        size_t cap = (size_t)len + (size_t)len / 8 + 65536;
        unsigned char *out = malloc(cap);
        if (!out) return 2;
        z_stream s;
        memset(&s, 0, sizeof s);
        int rc = deflateInit2(&s, level, Z_DEFLATED, wbits, mem, strategy);
        if (rc == Z_OK && hlen > 0) rc = deflateSetHeader(&s, &head);
        if (rc == Z_OK) {
            s.next_out = out;
            s.avail_out = (uInt)cap;
            if (at_once) {
                s.next_in = in;
                s.avail_in = (uInt)len;
                rc = deflate(&s, Z_FINISH);
                rc = rc == Z_STREAM_END ? Z_OK : (rc == Z_OK ? Z_BUF_ERROR : rc);
            } else {
                size_t pos = 0;
                size_t step = chunk > 0 ? (size_t)chunk : (size_t)len;
                while (rc == Z_OK && pos < (size_t)len) {
                    size_t n = (size_t)len - pos < step ? (size_t)len - pos : step;
                    s.next_in = in + pos;
                    s.avail_in = (uInt)n;
                    while (rc == Z_OK && s.avail_in > 0) {
                        rc = deflate(&s, Z_NO_FLUSH);
                        if (rc == Z_OK && s.avail_out == 0) rc = Z_BUF_ERROR;
                    }
                    pos += n;
                }
                if (rc == Z_OK) {
                    rc = deflate(&s, Z_FINISH);
                    rc = rc == Z_STREAM_END ? Z_OK : (rc == Z_OK ? Z_BUF_ERROR : rc);
                }
            }
            deflateEnd(&s);
        }
        write_int(rc);
        int outLen = rc == Z_OK ? (int)s.total_out : 0;
        write_int(outLen);
        fwrite(out, 1, (size_t)outLen, stdout);
        fflush(stdout);
        free(in);
        free(out);
        free(hbuf);
        for (int i = 0; i < 3; i++) free(fields[i]);
    }
}
