file(READ ${IN} tsv)
file(WRITE ${OUT}.tmp "// Generated from data/divisions.tsv.\n#include <string_view>\nnamespace nj {\nextern const std::string_view kDivisionsTsv;\nconst std::string_view kDivisionsTsv = R\"__tsv__(${tsv})__tsv__\";\n}  // namespace nj\n")
file(COPY_FILE ${OUT}.tmp ${OUT} ONLY_IF_DIFFERENT)
