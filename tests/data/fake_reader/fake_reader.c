/* A stand-in for the two reader library families (termb, sdtapi), for the tests of the
 * ctypes bindings only.  What it does is read from files named by environment variables:
 * FAKE_READER_MODE (a file holding one word: ok, nocard, unplugged, fail, removed) and
 * FAKE_READER_TEXT (the 256-byte text block a card holds). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void mode(char *out, size_t size) {
    const char *path = getenv("FAKE_READER_MODE");
    FILE *f = path ? fopen(path, "r") : NULL;
    out[0] = 0;
    if (f) { if (!fgets(out, (int)size, f)) out[0] = 0; fclose(f); }
    out[strcspn(out, "\r\n ")] = 0;
}

static int is(const char *word) { char m[32]; mode(m, sizeof m); return strcmp(m, word) == 0; }

static int text(unsigned char *buf, unsigned int size) {
    const char *path = getenv("FAKE_READER_TEXT");
    FILE *f = path ? fopen(path, "rb") : NULL;
    if (!f) return 0;
    int n = (int)fread(buf, 1, size, f);
    fclose(f);
    return n;
}

/* termb */
int InitComm(int port) { (void)port; return is("unplugged") ? 0 : 1; }
int CloseComm(void) { return 1; }
int Authenticate(void) { return (is("ok") || is("fail") || is("removed")) ? 1 : 0; }
int Read_Content(int active) {
    (void)active;
    if (is("fail")) return -4;
    if (is("removed")) { FILE *m = fopen(getenv("FAKE_READER_MODE"), "w"); if (m) { fputs("nocard", m); fclose(m); } return 0; }
    unsigned char buf[256];
    int n = text(buf, sizeof buf);
    FILE *w = fopen("wz.txt", "wb"); if (w) { fwrite(buf, 1, (size_t)n, w); fclose(w); }
    FILE *p = fopen("zp.bmp", "wb"); if (p) { fputs("BMfakephoto", p); fclose(p); }
    return 1;
}

/* sdtapi */
int SDT_OpenPort(int port) { (void)port; return is("unplugged") ? 0x01 : 0x90; }
int SDT_ClosePort(int port) { (void)port; return 0x90; }
int SDT_StartFindIDCard(int port, unsigned char *mana, int open) {
    (void)port; (void)mana; (void)open;
    if (is("unplugged")) return 0x02;
    return is("nocard") ? 0x80 : 0x9f;
}
int SDT_SelectIDCard(int port, unsigned char *mana, int open) {
    (void)port; (void)mana; (void)open;
    return is("nocard") ? 0x81 : 0x90;
}
int SDT_ReadBaseMsg(int port, unsigned char *t, unsigned int *tl, unsigned char *p, unsigned int *pl, int open) {
    (void)port; (void)open;
    if (is("fail")) return 0x33;
    if (is("removed")) return 0x41;
    *tl = (unsigned int)text(t, 256);
    memset(p, 0x5a, 1024);
    *pl = 1024;
    return 0x90;
}
