# CMake generated Testfile for 
# Source directory: /work/main/src/store
# Build directory: /work/main/build-http/src/store
# 
# This file includes the relevant testing commands required for 
# testing this directory and lists subdirectories to be tested as well.
include("/work/main/build-http/src/store/store_test[1]_include.cmake")
