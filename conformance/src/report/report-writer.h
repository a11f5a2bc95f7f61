// The report writers in one include, for the command line and the tests: index.json, junit.xml,
// summary.md, summary.html and the report folder that holds them.
#ifndef WSDSIM_REPORT_WRITER_H
#define WSDSIM_REPORT_WRITER_H

#include "report/index-json.h"
#include "report/junit.h"
#include "report/report-folder.h"
#include "report/summary-html.h"
#include "report/summary-markdown.h"

#endif // WSDSIM_REPORT_WRITER_H
