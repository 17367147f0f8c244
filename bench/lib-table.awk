# Functions the bench/*-table.sh scripts share to read a results file; loaded with awk -f before
# the script's own program (mawk or gawk).
#
#   field(name)            the value of name=VALUE in the current RESULT line, "" without one
#   cell(key, row, v)      files v in the current run's column of the table row (key, row): the
#                          "# run N:" lines of the file set the run
#   print_runs_table(name, pattern, suffix)
#                          prints the cells as a Markdown table, a line per key and row in the
#                          order first filed, a column per run; the rows' column is headed name,
#                          and the keys that match pattern are shown with suffix (the unit of
#                          their figures) after them

function field(name,   i, kv) {
    for (i = 1; i <= NF; i++) {
        split($i, kv, "=")
        if (kv[1] == name) return substr($i, length(name) + 2)
    }
    return ""
}

/^# run [0-9]+:/ { run = $3 + 0; if (run > runs) runs = run }

function cell(key, row, v) {
    if (!(key in seenKey)) { seenKey[key] = 1; keys[++nkeys] = key }
    if (!((key, row) in seenRow)) { seenRow[key, row] = 1; rows[key, ++nrows[key]] = row }
    value[key, row, run] = v
}

function print_runs_table(name, pattern, suffix,   header, rule, r, k, i, key, row, line) {
    header = "| scenario | " name " |"; rule = "| --- | --- |"
    for (r = 1; r <= runs; r++) { header = header " run " r " |"; rule = rule " ---: |" }
    print header; print rule
    for (k = 1; k <= nkeys; k++) {
        key = keys[k]
        for (i = 1; i <= nrows[key]; i++) {
            row = rows[key, i]
            line = "| " key (key ~ pattern ? suffix : "") " | " row " |"
            for (r = 1; r <= runs; r++) line = line " " ((key, row, r) in value ? value[key, row, r] : "-") " |"
            print line
        }
    }
}
