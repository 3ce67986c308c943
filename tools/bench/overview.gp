# SPDX-License-Identifier: Apache-2.0
#
# Every case of make bench side by side: min, mean, p99 and max (median of
# the runs) of rt-bench's cases (top), cyclictest's, the round trips', and
# the bandwidths (bottom: bytes per 1000 instructions).
#   gnuplot -e "datafile='bench/results/summary.dat';
#               outfile='bench/results/overview.png'; plottitle='...';
#               n_rt=8; n_ct=3; n_rtt=5; n_bw=6" tools/bench/overview.gp
# datafile: "case min mean p99 max", block 0 rt-bench, block 1 cyclictest,
# block 2 round-trip ("-" where not measured); block 3 bandwidth, "case
# bytes-per-1000-instructions - - -"; n_rt, n_ct, n_rtt and n_bw: the
# cases in each block.
# Log scale: a value of 0 (below the resolution) is not drawn.

set terminal png size 1100,1500 noenhanced
set output outfile
set multiplot layout 4,1 title plottitle
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set logscale y
set yrange [1:*]
set grid ytics
set key outside right top
set xtics nomirror rotate by -15
set ylabel "instructions (log scale)"

set datafile missing "-"

set title "rt-bench: timer interrupt latency of a native partition\n(0, below the resolution of 16 instructions, is not drawn)"
if (n_rt > 0) {
	plot datafile index 0 using 2:xtic(1) title "min", \
		'' index 0 using 3 title "mean", \
		'' index 0 using 4 title "p99", \
		'' index 0 using 5 title "max"
} else {
	unset logscale y
	unset tics
	set label 1 "not measured" at graph 0.5, graph 0.5 center
	plot [0:1][0:1] NaN notitle
	unset label 1
	set tics
	set xtics nomirror rotate by -15
	set logscale y
}

set title "cyclictest: Linux's timer wake-up latency"
if (n_ct > 0) {
	plot datafile index 1 using 2:xtic(1) title "min", \
		'' index 1 using 3 title "mean", \
		'' index 1 using 4 title "p99", \
		'' index 1 using 5 title "max"
} else {
	unset logscale y
	unset tics
	set label 1 "not measured" at graph 0.5, graph 0.5 center
	plot [0:1][0:1] NaN notitle
	unset label 1
	set tics
	set xtics nomirror rotate by -15
	set logscale y
}

set title "round trips between partitions or domains, and their floor"
if (n_rtt > 0) {
	plot datafile index 2 using 2:xtic(1) title "min", \
		'' index 2 using 3 title "mean", \
		'' index 2 using 4 title "p99", \
		'' index 2 using 5 title "max"
} else {
	unset logscale y
	unset tics
	set label 1 "not measured" at graph 0.5, graph 0.5 center
	plot [0:1][0:1] NaN notitle
	unset label 1
	set tics
	set xtics nomirror rotate by -15
	set logscale y
}

set title "streaming one way between native partitions, and memcpy in one\n(more is better)"
set ylabel "bytes per 1000 instructions (log scale)"
if (n_bw > 0) {
	plot datafile index 3 using 2:xtic(1) notitle
} else {
	unset logscale y
	unset tics
	set label 1 "not measured" at graph 0.5, graph 0.5 center
	plot [0:1][0:1] NaN notitle
}
unset multiplot
