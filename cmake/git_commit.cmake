# SS_GIT_COMMIT: the abbreviated commit the sources were configured from, for
# `--version`; "unknown" when they are not a git checkout of their own (a tarball, or a
# folder inside some other repository). HEAD and the branch's ref file are configure
# dependencies, so a build after a commit or a checkout prints the new commit.
set(SS_GIT_COMMIT "unknown")
find_package(Git QUIET)
if(GIT_FOUND)
  execute_process(COMMAND ${GIT_EXECUTABLE} rev-parse --show-toplevel
    WORKING_DIRECTORY ${PROJECT_SOURCE_DIR} OUTPUT_VARIABLE ss_git_top
    OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET RESULT_VARIABLE ss_git_status)
  set(ss_own_checkout OFF)
  if(ss_git_status EQUAL 0)
    file(REAL_PATH "${ss_git_top}" ss_git_top)
    file(REAL_PATH "${PROJECT_SOURCE_DIR}" ss_source_dir)
    if(ss_git_top STREQUAL ss_source_dir)
      set(ss_own_checkout ON)
    endif()
  endif()
  if(ss_own_checkout)
    execute_process(COMMAND ${GIT_EXECUTABLE} rev-parse --short=7 HEAD
      WORKING_DIRECTORY ${PROJECT_SOURCE_DIR} OUTPUT_VARIABLE ss_git_head
      OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET RESULT_VARIABLE ss_git_status)
    if(ss_git_status EQUAL 0 AND ss_git_head MATCHES "^[0-9a-f]+$")
      set(SS_GIT_COMMIT "${ss_git_head}")
    endif()
    set(ss_git_watched HEAD)
    execute_process(COMMAND ${GIT_EXECUTABLE} symbolic-ref -q HEAD
      WORKING_DIRECTORY ${PROJECT_SOURCE_DIR} OUTPUT_VARIABLE ss_git_branch
      OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
    if(ss_git_branch)
      list(APPEND ss_git_watched ${ss_git_branch})
    endif()
    foreach(ref IN LISTS ss_git_watched)
      execute_process(COMMAND ${GIT_EXECUTABLE} rev-parse --path-format=absolute --git-path ${ref}
        WORKING_DIRECTORY ${PROJECT_SOURCE_DIR} OUTPUT_VARIABLE ss_git_ref_file
        OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
      # A packed ref has no file of its own: then only HEAD is watched.
      if(ss_git_ref_file AND EXISTS "${ss_git_ref_file}")
        set_property(DIRECTORY ${PROJECT_SOURCE_DIR} APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS "${ss_git_ref_file}")
      endif()
    endforeach()
  endif()
endif()
