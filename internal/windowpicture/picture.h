#ifndef TRUEUP_WINDOWPICTURE_H
#define TRUEUP_WINDOWPICTURE_H
#include <stdint.h>

void trueup_picture_show(unsigned char *png, int len, int scale, int dark, int max_ms);
void trueup_picture_hide(void);
void trueup_picture_capture(uintptr_t handle);
#endif
