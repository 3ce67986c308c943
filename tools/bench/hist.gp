# SPDX-License-Identifier: Apache-2.0
#
# One case's latency histogram, every run as its own line (make bench).
# tools/bench/bench.py bins the samples and calls, for example:
#   gnuplot -e "datafile='x.dat'; outfile='x.png'; runs=3; binw=16;
#               xmin=0; xmax=64; plottitle='...'; subtitle='...'"
#               tools/bench/hist.gp
# datafile: "bin-low count-run1 count-run2 ...", one line per non-empty bin.

set terminal png size 900,520 noenhanced
set output outfile
set title plottitle . "\n" . subtitle
set xlabel sprintf("latency, instructions (bin: %d; -icount shift=0: 1 ns = 1 instruction)", binw)
set ylabel "samples (log scale)"
set logscale y
set yrange [0.8:*]
set xrange [xmin:xmax]
set grid ytics xtics
set key outside right top
set style fill transparent solid 0.35 noborder
# Each bin drawn as a box over [low, low + binw), runs side by side in it.
w = binw / (runs + 0.0)
plot for [i=1:runs] datafile using ($1 + (i - 0.5) * w):(column(i + 1) > 0 ? column(i + 1) : NaN):(w) \
	with boxes title sprintf("run %d", i)
