# tests/slurm/tests.cmake - the Slurm recipe of contrib/slurm, included by the top
# CMakeLists.txt after the CLI target is defined.
#   slurm_recipe  starts a one-node Slurm (slurmctld + slurmd, auth/none, localhost) in a temp
#                 dir, runs contrib/slurm/submit.sh on 3 shards of a small input (the dev set
#                 when ../shared is there), then again with shards of 5 articles, and checks
#                 that each merged database equals one `newsevents code --db` run (about
#                 25 s); fails without Slurm when CI=true, skipped otherwise. RUN_SERIAL: the
#                 one-node cluster uses every core
add_test(NAME slurm_recipe COMMAND sh ${CMAKE_SOURCE_DIR}/tests/slurm/slurm_test.sh
  $<TARGET_FILE:newsevents_cli> ${CMAKE_SOURCE_DIR}/tests/slurm ${CMAKE_SOURCE_DIR}/contrib/slurm
  ${CMAKE_SOURCE_DIR}/../shared/eval/dev/dev.articles.jsonl)
set_tests_properties(slurm_recipe PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 180
  RUN_SERIAL TRUE)
