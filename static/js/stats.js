// Draws the /stats/ charts from the figures the page carries in <script id="stats-figures">.
// The tables beside each chart hold the same numbers; without JavaScript they are the page.
(function () {
  "use strict";

  const source = document.getElementById("stats-figures");
  if (!source || typeof window.Chart === "undefined") {
    return;
  }
  const figures = JSON.parse(source.textContent);
  const style = getComputedStyle(document.documentElement);
  const BAR_COLOUR = style.getPropertyValue("--overturned").trim() || "#16693a";
  const LINE_COLOUR = style.getPropertyValue("--accent").trim() || "#1f5fa8";
  const LINE_HEIGHT = 16; // pixels per line of a bar's label in a horizontal chart

  // Long labels ("MTUS Chronic Pain Medical Treatment Guidelines") on several lines, so
  // the bars keep their width.
  function wrap(label, width) {
    const lines = [];
    for (const word of label.split(" ")) {
      const last = lines.length - 1;
      if (last >= 0 && (lines[last] + " " + word).length <= width) {
        lines[last] += " " + word;
      } else {
        lines.push(word);
      }
    }
    return lines;
  }

  function asPercent(rate) {
    return rate === null ? null : Math.round(rate * 1000) / 10;
  }

  // Rows of a rate table with a known key and at least one item: the catch-all rows
  // ("no specialty stated", "no decision date") stay in the tables only.
  function chartable(rows) {
    return rows.filter((row) => row.key !== null && row.items > 0);
  }

  function rateTooltip(rows) {
    return (context) => {
      const row = rows[context.dataIndex];
      return `${context.formattedValue} % overturned (${row.overturned} of ${row.items} ${row.items === 1 ? "item" : "items"})`;
    };
  }

  function rateChart(canvas, rows, horizontal) {
    // Horizontal bars carry their item count: 100 % of one item is no finding.
    // Labels take at most about a third of the chart's width (28 characters on a desktop).
    const width = Math.min(28, Math.max(10, Math.floor(canvas.parentElement.clientWidth / 16)));
    const labels = rows.map((row) =>
      horizontal ? wrap(`${row.label} (${row.items})`, width) : row.label,
    );
    if (horizontal) {
      const lines = labels.reduce((total, label) => total + Math.max(label.length, 1.5), 0);
      canvas.parentElement.style.height = `${lines * LINE_HEIGHT + rows.length * 12 + 56}px`;
    }
    const valueAxis = {
      min: 0,
      max: 100,
      title: { display: true, text: "Overturned (%)" },
    };
    return new window.Chart(canvas, {
      type: "bar",
      data: {
        labels: labels,
        datasets: [
          {
            label: "Overturned (%)",
            data: rows.map((row) => asPercent(row.overturn_rate)),
            backgroundColor: BAR_COLOUR,
          },
        ],
      },
      options: {
        indexAxis: horizontal ? "y" : "x",
        maintainAspectRatio: false,
        animation: false,
        // Every bar of a horizontal chart keeps its label (Chart.js skips some when crowded);
        // the months of a long vertical one may skip.
        scales: horizontal ? { x: valueAxis, y: { ticks: { autoSkip: false } } } : { y: valueAxis },
        plugins: {
          legend: { display: false },
          tooltip: { callbacks: { label: rateTooltip(rows) } },
        },
      },
    });
  }

  function daysChart(canvas, months) {
    return new window.Chart(canvas, {
      type: "line",
      data: {
        labels: months.map((month) => month.label),
        datasets: [
          {
            label: "Median days",
            data: months.map((month) => month.median_days),
            borderColor: LINE_COLOUR,
            backgroundColor: LINE_COLOUR,
          },
        ],
      },
      options: {
        maintainAspectRatio: false,
        animation: false,
        scales: { y: { min: 0, title: { display: true, text: "Median days" } } },
        plugins: { legend: { display: false } },
      },
    });
  }

  const rateFigures = {
    by_specialty: { rows: figures.by_specialty, horizontal: true },
    by_imr_guideline: { rows: figures.by_imr_guideline, horizontal: true },
    by_claims_administrator_guideline: {
      rows: figures.by_claims_administrator_guideline,
      horizontal: true,
    },
    by_category: { rows: figures.by_category, horizontal: true },
    by_decision_month: { rows: figures.by_decision_month, horizontal: false },
    guideline_agreement: { rows: figures.guideline_agreement.rows, horizontal: true },
  };

  document.querySelectorAll("canvas[data-figure]").forEach((canvas) => {
    const name = canvas.dataset.figure;
    if (name === "days_by_month") {
      const months = figures.days_to_decision.by_month;
      if (months.length) {
        daysChart(canvas, months);
        canvas.dataset.drawn = "true";
      } else {
        canvas.parentElement.hidden = true;
      }
      return;
    }
    const rows = chartable(rateFigures[name].rows);
    if (rows.length) {
      rateChart(canvas, rows, rateFigures[name].horizontal);
      canvas.dataset.drawn = "true";
    } else {
      canvas.parentElement.hidden = true; // the table says "No item here."
    }
  });
})();
