# Variant-effect scoring and genome-wide prediction with seqdl, split into N shards and merged.
#
#   snakemake -s workflows/variants.smk --cores 2 --config model=model/ vcf=calls.vcf.gz genome=hg19.fa.gz
#   snakemake -s workflows/variants.smk --profile workflows/profiles/slurm --config ...   # on a SLURM cluster
#
# Every shard is one job (`seqdl variants --shard i/N`, `seqdl predict-genome --shard i/N`); the merge jobs
# join them into the bytes an unsharded run writes. Shard outputs are atomic and carry a `.done` marker, and
# the rules pass --resume, so a rerun after a failure recomputes only the missing shards. See
# workflows/README.md for the configuration keys.

import shlex

SEQDL = config.get("seqdl", "seqdl")
SHARDS = int(config.get("shards", 4))
OUT = config.get("out", "results").rstrip("/")
MODEL = config["model"]
GENOME = config["genome"]
VCF = config.get("vcf", "")
REGIONS = config.get("regions", "")          # BED for predict-genome ("" = every chromosome)
ALIAS = config.get("alias", "none")
SCORES = config.get("scores", "logit_diff")
FORMAT = config.get("format", "tsv")         # tsv, vcf or both
STRIDE = str(config.get("stride", ""))       # "" = the model's input length
THREADS = int(config.get("threads", 1))
EXTRA = config.get("variants_extra", "")     # e.g. "--average-strands --skip-ref-mismatch"

EXTS = {"tsv": ["tsv"], "vcf": ["vcf"], "both": ["tsv", "vcf"]}[FORMAT]
SHARD_IDS = list(range(SHARDS))


def shard_name(prefix, i, ext):
    return f"{prefix}.shard-{i}-of-{SHARDS}.{ext}"


targets = [f"{OUT}/predictions.bedgraph"]
if VCF:
    targets += [f"{OUT}/variants.{ext}" for ext in EXTS]


rule all:
    input:
        targets,


rule variant_shard:
    input:
        vcf=VCF or [],
        genome=GENOME,
    output:
        [shard_name(f"{OUT}/shards/variants", "{i}", ext) for ext in EXTS],
        report=f"{OUT}/shards/variants.shard-{{i}}-of-{SHARDS}.skipped.json",
    threads: THREADS
    resources:
        mem_mb=2000,
        runtime=60,
    log:
        f"{OUT}/logs/variants.{{i}}.log",
    shell:
        "{SEQDL} --threads {threads} variants --model {MODEL:q} --vcf {input.vcf:q} --genome {input.genome:q}"
        " --alias {ALIAS} --scores {SCORES} --format {FORMAT} --shard {wildcards.i}/{SHARDS} --resume"
        " --no-progress {EXTRA} --out {OUT}/shards/variants 2> {log:q}"


rule merge_variants:
    input:
        lambda wc: [shard_name(f"{OUT}/shards/variants", i, wc.ext) for i in SHARD_IDS],
    output:
        f"{OUT}/variants.{{ext}}",
    wildcard_constraints:
        ext="tsv|vcf",
    log:
        f"{OUT}/logs/merge_variants.{{ext}}.log",
    shell:
        "{SEQDL} merge --inputs {input:q} --out {output:q} 2> {log:q}"


rule genome_shard:
    input:
        genome=GENOME,
    output:
        shard_name(f"{OUT}/shards/predictions", "{i}", "bedgraph"),
    threads: THREADS
    resources:
        mem_mb=2000,
        runtime=120,
    params:
        regions=f"--regions {shlex.quote(REGIONS)}" if REGIONS else "",
        stride=f"--stride {STRIDE}" if STRIDE else "",
    log:
        f"{OUT}/logs/predictions.{{i}}.log",
    shell:
        "{SEQDL} --threads {threads} predict-genome --model {MODEL:q} --genome {input.genome:q} {params.regions}"
        " {params.stride} --shard {wildcards.i}/{SHARDS} --resume --no-progress"
        " --out {OUT}/shards/predictions.bedgraph 2> {log:q}"


rule merge_predictions:
    input:
        [shard_name(f"{OUT}/shards/predictions", i, "bedgraph") for i in SHARD_IDS],
    output:
        f"{OUT}/predictions.bedgraph",
    log:
        f"{OUT}/logs/merge_predictions.log",
    shell:
        "{SEQDL} merge --inputs {input:q} --out {output:q} 2> {log:q}"
