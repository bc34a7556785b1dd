# embed_migrations.awk: turns sql/NNNN_name.sql files into a C array of migrations
# (version, file name, SQL text) so that the binary carries the schema it needs.
BEGIN { print "/* Generated from the sql/ migrations by src/db/embed_migrations.awk; do not edit. */"
        print "#include \"ifscat/db.h\""
        print "const ifs_migration ifs_migrations[] = {" ; n = 0 }
FNR == 1 {
    if (n++) print "    },"
    name = FILENAME; sub(/.*\//, "", name)
    version = substr(name, 1, 4) + 0
    printf "    {%d, \"%s\",\n", version, name
}
{
    line = $0
    gsub(/\\/, "\\\\", line); gsub(/"/, "\\\"", line); gsub(/\t/, "\\t", line)
    printf "     \"%s\\n\"\n", line
}
END {
    if (n) print "    },"
    print "};"
    printf "const int ifs_migrations_count = %d;\n", n
}
