# Fuzz target for the ledger's readers of outside input (src/leotwin/ledger/messages.h): signed
# proposals, signed votes and genesis payloads as JSON text (CLI files, HTTP bodies). The first
# input byte picks the reader. Any bytes must give a Status or a value whose canonical JSON
# round-trips exactly, never a crash, hang or sanitizer report. Seeds (corpus/proposal/, written
# by hand): the first byte picks the reader ('0' proposal, '1' vote, '2' genesis); signatures and
# keys in them are placeholders.
if(TARGET leotwin_ledger)
  leotwin_fuzzer(proposal_fuzzer SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/proposal_fuzzer.cc
                 DEPS leotwin_ledger CORPUS ${CMAKE_CURRENT_SOURCE_DIR}/corpus/proposal SECONDS 20)
endif()
# Batch files (src/leotwin/ledger/batch.h): the first byte picks the kind (low bits) and the format
# (high bit: JSON Lines, else CSV); seeds in corpus/batch/, written by hand.
if(TARGET leotwin_ledger)
  leotwin_fuzzer(batch_fuzzer SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/batch_fuzzer.cc
                 DEPS leotwin_ledger CORPUS ${CMAKE_CURRENT_SOURCE_DIR}/corpus/batch SECONDS 20)
endif()
