# Runs the in-process campaign twice on the same seeds and compares the SHA-256 of each seed's history
# (every operation with its record ids and values, every acknowledgement and fault, and the server's
# records with their clocks at the end), as printed on each seed's line. Two processes, so nothing
# carried over inside one process can make them agree.
#   cmake -DCAMPAIGN=<feltnotat-campaign> -DARGS="--seeds 2 --steps 100" [-DEXPECT=different] -P samehistory.cmake
# EXPECT=different is the self-test: with --wall-clock-ids in ARGS the histories must differ.
separate_arguments(args UNIX_COMMAND "${ARGS}")
foreach(run 1 2)
    execute_process(COMMAND "${CAMPAIGN}" --mode inprocess ${args}
        OUTPUT_VARIABLE out${run} ERROR_VARIABLE err${run} RESULT_VARIABLE rc${run})
    if(NOT rc${run} EQUAL 0)
        message(FATAL_ERROR "run ${run} failed (${rc${run}}):\n${out${run}}\n${err${run}}")
    endif()
    string(REGEX MATCHALL "history sha256 [0-9a-f]+" digests${run} "${out${run}}")
    message("run ${run}:\n${out${run}}")
endforeach()
list(LENGTH digests1 seeds)
if(seeds EQUAL 0)
    message(FATAL_ERROR "no 'history sha256' on the seed lines")
endif()
if(EXPECT STREQUAL "different")
    if(digests1 STREQUAL digests2)
        message(FATAL_ERROR "with ids from the wall clock two runs still wrote the same history: the digest is blind")
    endif()
    message("different histories, as expected with ids from the wall clock")
elseif(NOT digests1 STREQUAL digests2)
    message(FATAL_ERROR "two runs of the same seeds wrote different histories:\n${digests1}\n${digests2}")
else()
    message("the same history in both runs (${seeds} seeds)")
endif()
