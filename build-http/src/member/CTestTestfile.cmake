# CMake generated Testfile for 
# Source directory: /work/main/src/member
# Build directory: /work/main/build-http/src/member
# 
# This file includes the relevant testing commands required for 
# testing this directory and lists subdirectories to be tested as well.
include("/work/main/build-http/src/member/member_test[1]_include.cmake")
