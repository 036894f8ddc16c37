# SPDX-License-Identifier: BSD-2-Clause
# rooms.cmake: core's folders, in the order of the flow (README "Layout"), for the main
# build and the fuzz build alike. Each is an include directory, so a header is named
# by its file name alone ("message.h"), wherever its room is.
set(PM_CORE_ROOMS util mail patch index maintainers lifecycle digest annotate)
set(PM_CORE_INCLUDE_DIRS)
foreach(room ${PM_CORE_ROOMS})
  list(APPEND PM_CORE_INCLUDE_DIRS ${CMAKE_CURRENT_LIST_DIR}/${room})
endforeach()
set(PM_CORE_SOURCE_GLOBS)
foreach(room ${PM_CORE_ROOMS})
  list(APPEND PM_CORE_SOURCE_GLOBS ${CMAKE_CURRENT_LIST_DIR}/${room}/*.c)
endforeach()
