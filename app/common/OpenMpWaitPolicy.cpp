#include "app/common/OpenMpWaitPolicy.h"

#include <cstdlib>
#ifdef __linux__
#include <unistd.h>
#endif

namespace tweetlab::app {

void preferPassiveOpenMpWait(char** argv) {
#ifdef __linux__
  if (std::getenv("OMP_WAIT_POLICY") != nullptr) return;  // set by the user, or already restarted
  ::setenv("OMP_WAIT_POLICY", "PASSIVE", 1);
  ::execv("/proc/self/exe", argv);  // returns only on failure: carry on as we are
#else
  static_cast<void>(argv);
#endif
}

}  // namespace tweetlab::app
