# Sets TWEETLAB_SLURM_AS_ROOT: whether the one-node Slurm tests can run here. slurmd must run as
# root (it starts each job as its user); otherwise says which test is not registered, and why.
execute_process(COMMAND id -u OUTPUT_VARIABLE uid OUTPUT_STRIP_TRAILING_WHITESPACE)
if(uid STREQUAL "0")
  set(TWEETLAB_SLURM_AS_ROOT TRUE)
else()
  set(TWEETLAB_SLURM_AS_ROOT FALSE)
  message(STATUS "the one-node Slurm tests (test_slurm_cluster, test_slurm_cluster_ui) are not "
                 "registered: slurmd needs root, this configure runs as uid ${uid}")
endif()
