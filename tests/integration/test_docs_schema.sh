# test_docs_schema.sh: docs/schema.md against the live schema of a fresh catalog: the same tables
# and views, each with the same columns in the same order and of the same types ("Columns: those of
# X" for views that repeat a table), and every enum type of the schema documented; the README's
# tables of target and galaxy_property are the same as docs/schema.md's.
. tests/lib.sh
new_catalog

live=$(sql "SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod)
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            JOIN pg_attribute a ON a.attrelid = c.oid
            WHERE n.nspname = 'ifscat' AND c.relkind IN ('r', 'p', 'v', 'm') AND NOT c.relispartition
              AND a.attnum > 0 AND NOT a.attisdropped
            ORDER BY c.relname, a.attnum" | sed 's/|/ /g; s/ifscat\.//g')

# The documented columns, in the same "relation column type" form: a "### `name`" heading opens a
# relation, rows "| `column` | type | ..." list its columns, and a line "Columns: those of `other`"
# puts the other relation's columns where it stands among the rows.
documented=$(awk '
    /^## / { rel = ""; next }
    /^### `/ { split($0, h, "`"); rel = h[2]; order[++n] = rel; next }
    rel != "" && /^Columns: those of `/ { split($0, c, "`"); copy[rel] = c[2]; copy_at[rel] = nrows[rel]; next }
    rel != "" && /^\| `[a-z_0-9]+` \|/ {
        split($0, cell, "|"); col = cell[2]; gsub(/[ `]/, "", col)
        type = cell[3]; gsub(/^ +| +$/, "", type)
        row[rel, ++nrows[rel]] = col " " type
    }
    function own(r, from, to,   j) { for (j = from; j <= to; j++) print r " " row[r, j] }
    END {
        for (i = 1; i <= n; i++) {
            r = order[i]
            if (r in copy) {
                own(r, 1, copy_at[r])
                for (j = 1; j <= nrows[copy[r]]; j++) print r " " row[copy[r], j]
                own(r, copy_at[r] + 1, nrows[r])
            } else
                own(r, 1, nrows[r])
        }
    }' docs/schema.md | sort -s -k1,1)
live_sorted=$(sort -s -k1,1 <<<"$live")

check_eq "documented relations" "$(cut -d' ' -f1 <<<"$documented" | uniq | tr '\n' ' ')" \
    "$(cut -d' ' -f1 <<<"$live_sorted" | uniq | tr '\n' ' ')"
diff=$(diff <(echo "$documented") <(echo "$live_sorted"))
check_eq "every column documented, in order, with its type (< docs, > live)" "$diff" ""

for t in $(sql "SELECT t.typname FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
                WHERE n.nspname = 'ifscat' AND t.typtype = 'e' ORDER BY 1"); do
    check_match "enum $t documented with its values" "$(grep -F "| \`$t\` |" docs/schema.md)" \
        "$(sql "SELECT string_agg('\`' || enumlabel || '\`', ', ' ORDER BY enumsortorder) FROM pg_enum e
                JOIN pg_type t ON t.oid = e.enumtypid WHERE t.typname = '$t'")"
done
# The README repeats the tables of target and galaxy_property: the same rows as docs/schema.md.
section_rows() { # file table
    awk -v want="### \`$2\`" '$0 == want { on = 1; next } on && /^##/ { on = 0 } on && /^\|/' "$1"
}
for t in target galaxy_property; do
    check_eq "README's $t table is docs/schema.md's" "$(section_rows README.md $t)" "$(section_rows docs/schema.md $t)"
    check_match "README's $t table has rows" "$(section_rows README.md $t)" "\| \`name\`|\| \`quantity\`"
done
check_match "name_key documented" "$(cat docs/schema.md)" "\`name_key\(text\)\`"
finish
