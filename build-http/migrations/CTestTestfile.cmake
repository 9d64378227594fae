# CMake generated Testfile for 
# Source directory: /work/main/migrations
# Build directory: /work/main/build-http/migrations
# 
# This file includes the relevant testing commands required for 
# testing this directory and lists subdirectories to be tested as well.
