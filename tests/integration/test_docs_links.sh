# test_docs_links.sh: every relative link of README.md and docs/*.md names a file of the tree, and
# every document of docs/ is reachable from README.md or another document.
. tests/lib.sh
for doc in README.md docs/*.md; do
    dir=$(dirname "$doc")
    for link in $(grep -o '](\([^)#:]*\))' "$doc" | sed 's/^](//; s/)$//' | sort -u); do
        CHECKS=$((CHECKS + 1))
        [ -e "$dir/$link" ] || fail "$doc links to $link, which does not exist"
    done
done
for doc in docs/*.md; do
    name=$(basename "$doc")
    CHECKS=$((CHECKS + 1))
    grep -lq -e "($name)" -e "(docs/$name)" -e "\`docs/$name\`" README.md docs/*.md || fail "nothing links to $doc"
done
finish
