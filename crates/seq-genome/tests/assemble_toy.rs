//! Dataset assembly on a hand-made genome: chromosome hold-out, reverse complement of `-` strand windows,
//! labels and the BED columns, and the bedGraph writer's output file.

use seq_genome::splits::SplitPlan;
use seq_genome::{
    assemble, shuffled, write_bedgraph, AssembleOptions, BedGraphEntry, DropReport, Genome, GenomeOptions, Window,
    WindowSource,
};
use seq_io::Strand;

fn toy(dir: &std::path::Path) -> Genome {
    let fa = dir.join("toy.fa");
    std::fs::write(&fa, ">chrA\nAAACCCGGGTTTACGT\n>chrB\nACGTACGTACGTACGT\n>chrC\nGGGGAAAACCCCTTTT\n").unwrap();
    Genome::open(&fa, &GenomeOptions::default()).unwrap()
}

fn window(g: &Genome, chrom: usize, start: u64, strand: Option<Strand>, name: &str) -> Window {
    let seq = g.fetch_span(seq_genome::Span { chrom, start, end: start + 6 }).unwrap();
    Window { chrom, start, end: start + 6, strand, name: name.into(), source: WindowSource::Peak, seq }
}

#[test]
fn minus_strand_windows_are_reverse_complemented_and_splits_follow_chromosomes() {
    let dir = tempfile::tempdir().unwrap();
    let g = toy(dir.path());
    assert_eq!(g.chroms().len(), 3);
    let pos = vec![
        window(&g, 0, 0, Some(Strand::Reverse), "a_minus"),
        window(&g, 0, 8, None, "a_dot"),
        window(&g, 1, 2, None, "b"),
        window(&g, 2, 4, Some(Strand::Forward), "c"),
    ];
    assert_eq!(pos[0].seq, b"AAACCC");
    let neg = shuffled(&pos, 1, 10, 1);
    let plan = SplitPlan::from_chromosomes(&g, &["chrB"], &["chrC"]).unwrap();
    let data = assemble(&g, pos.clone(), neg, &plan, DropReport::default(), &AssembleOptions::default()).unwrap();
    assert_eq!((data.splits.train.n(), data.splits.valid.n(), data.splits.test.n()), (4, 2, 2));
    let train = &data.splits.train;
    let i = train.names.iter().position(|n| n == "a_minus").unwrap();
    assert_eq!(seq_io::onehot::decode(train.seq(i), 6), "GGGTTT");
    assert_eq!(train.label(i), &[1.0]);
    let j = train.names.iter().position(|n| n == "a_dot").unwrap();
    assert_eq!(seq_io::onehot::decode(train.seq(j), 6), "GTTTAC");
    let shuf = train.names.iter().position(|n| n == "a_minus_shuf0").unwrap();
    assert_eq!(train.label(shuf), &[0.0]);
    let bed = seq_genome::dataset::windows_bed(&data.records);
    let line = bed.lines().find(|l| l.contains("\ta_minus\t")).unwrap();
    assert_eq!(line, "chrA\t0\t6\ta_minus\t1\t-\ttrain\ta_minus");
    let line = bed.lines().find(|l| l.contains("\tc_shuf0\t")).unwrap();
    assert_eq!(line, "chrC\t4\t10\tc_shuf0\t0\t+\ttest\tshuffled");
    // without strand handling the bases stay as on the genome
    let opts = AssembleOptions { respect_strand: false, ..AssembleOptions::default() };
    let fwd = assemble(&g, pos, shuffled(&[], 1, 10, 1), &plan, DropReport::default(), &opts).unwrap();
    let k = fwd.splits.train.names.iter().position(|n| n == "a_minus").unwrap();
    assert_eq!(seq_io::onehot::decode(fwd.splits.train.seq(k), 6), "AAACCC");
}

#[test]
fn bedgraph_file_is_sorted_and_genome_is_shareable_across_threads() {
    fn shareable<T: Send + Sync>() {}
    shareable::<Genome>();
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("scores.bedGraph");
    let e = |c: &str, s: u64, v: f64| BedGraphEntry { chrom: c.into(), start: s, end: s + 200, value: v };
    write_bedgraph(&p, &[e("chr20", 500, 0.5), e("chr20", 100, 0.9)], Some("ctcf")).unwrap();
    assert_eq!(
        std::fs::read_to_string(&p).unwrap(),
        "track type=bedGraph name=\"ctcf\"\nchr20\t100\t300\t0.9\nchr20\t500\t700\t0.5\n"
    );
}
