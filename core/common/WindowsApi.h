#pragma once
// <windows.h> for the platform layer's Windows branches, without its min/max macros (they break
// std::min/std::max) and the rarely used APIs. Nothing on Linux.
#ifdef _WIN32
#ifndef NOMINMAX
#define NOMINMAX
#endif
#ifndef WIN32_LEAN_AND_MEAN
#define WIN32_LEAN_AND_MEAN
#endif
#include <windows.h>
#endif
