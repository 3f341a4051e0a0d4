#!/usr/bin/env bash
# Runs workflows/variants.smk locally (3 shards, --cores 2) on the shipped hg19 chr20 data and checks that
# the merged outputs are byte-identical to one unsharded run of the same commands. CI calls it with
# SEQDL=<binary> SNAKEMAKE=<snakemake>; run from the repository root.
set -euo pipefail
SEQDL=${SEQDL:-seqdl}
SNAKEMAKE=${SNAKEMAKE:-snakemake}
D=data/hg19_chr20
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# a small model of the right kind: one epoch of seed000 on 1-kb CTCF windows
"$SEQDL" dataset --peaks "$D/wgEncodeAwgTfbsBroadGm12878CtcfUniPk.narrowPeak.gz" --genome "$D/hg19_chr20.fa.gz" \
    --width 1000 --skip-unknown-chroms --test-region chr20:50000000-63025520 --valid-region chr20:42000000-50000000 \
    --quiet --out "$work/ds"
"$SEQDL" train --h5 "$work/ds/dataset.h5" --model seed000 --epochs 1 --no-progress --out "$work/model"

vcf="$D/test_nist.b37_chr20_100kbp_at_10mb.vcf.gz"
regions="$D/test_nist.b37_chr20_100kbp_at_10mb.bed"
# the unsharded runs (outputs go into an existing folder, as for any command)
mkdir -p "$work/single"
"$SEQDL" variants --model "$work/model" --vcf "$vcf" --genome "$D/hg19_chr20.fa.gz" --alias none \
    --scores logit_diff --format both --no-progress --out "$work/single/variants"
"$SEQDL" predict-genome --model "$work/model" --genome "$D/hg19_chr20.fa.gz" --regions "$regions" --stride 100 \
    --no-progress --out "$work/single/predictions.bedgraph"

# the workflow, 3 shards
"$SNAKEMAKE" -s workflows/variants.smk --cores 2 --quiet rules --config seqdl="$SEQDL" model="$work/model" \
    genome="$D/hg19_chr20.fa.gz" vcf="$vcf" regions="$regions" shards=3 format=both stride=100 out="$work/results"

for f in variants.tsv variants.vcf predictions.bedgraph; do
    cmp "$work/single/$f" "$work/results/$f"
    echo "workflow: results/$f equals the unsharded run ($(wc -l < "$work/results/$f") lines)"
done
