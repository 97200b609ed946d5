# Runs the real `rapport clv` binary on the CDNOW reference files and checks its answers: the fit
# JSON against the published parameters, a summarised transaction log fitted to the same values,
# the spend fit, per-customer predictions and the refusal of a bad file with its line number.
#   cmake -DRAPPORT_BIN=... -DDATA_DIR=tests/data/clv -DWORK_DIR=<scratch dir> -P clv_cli_test.cmake
cmake_minimum_required(VERSION 3.25)

# Every failed check is reported, then the script fails at the end.
function(fail message)
  message(SEND_ERROR "FAIL: ${message}")
  set_property(GLOBAL PROPERTY clv_cli_failed TRUE)
endfunction()

function(run_rapport out_var err_var code_var)
  execute_process(COMMAND ${RAPPORT_BIN} ${ARGN} RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err)
  set(${out_var} "${out}" PARENT_SCOPE)
  set(${err_var} "${err}" PARENT_SCOPE)
  set(${code_var} "${code}" PARENT_SCOPE)
endfunction()

# Bounds are given as text (CMake's math() is integer-only; if() compares numbers as doubles).
function(check_range what actual low high)
  if(NOT ("${actual}" GREATER_EQUAL "${low}" AND "${actual}" LESS_EQUAL "${high}"))
    fail("${what} = ${actual}, expected in [${low}, ${high}]")
  endif()
endfunction()

# Published BG/NBD (Fader, Hardie & Lee 2005) within 0.5%, log-likelihood within 0.5.
function(check_bgnbd label json)
  string(JSON model GET "${json}" model)
  if(NOT model STREQUAL "bgnbd")
    fail("${label}: model is '${model}'")
  endif()
  string(JSON r GET "${json}" params r)
  string(JSON alpha GET "${json}" params alpha)
  string(JSON a GET "${json}" params a)
  string(JSON b GET "${json}" params b)
  string(JSON ll GET "${json}" log_likelihood)
  string(JSON customers GET "${json}" customers)
  string(JSON triples GET "${json}" distinct_triples)
  string(JSON seconds GET "${json}" seconds)
  check_range("${label} r" "${r}" 0.241785 0.244215)
  check_range("${label} alpha" "${alpha}" 4.39193 4.43607)
  check_range("${label} a" "${a}" 0.789035 0.796965)
  check_range("${label} b" "${b}" 2.41387 2.43813)
  check_range("${label} log_likelihood" "${ll}" -9582.9 -9581.9)
  check_range("${label} customers" "${customers}" 2357 2357)
  check_range("${label} distinct_triples" "${triples}" 1 2357)
  check_range("${label} seconds" "${seconds}" 0 60)
  message(STATUS "${label}: r=${r} alpha=${alpha} a=${a} b=${b} LL=${ll} triples=${triples} seconds=${seconds}")
endfunction()

file(MAKE_DIRECTORY "${WORK_DIR}")

# 1. fit on the published summary (lifetimes column names).
run_rapport(out err code clv fit --model bgnbd --summary "${DATA_DIR}/cdnow_customers_summary.csv")
if(NOT code EQUAL 0)
  fail("clv fit exited ${code}: ${err}")
else()
  check_bgnbd("fit bgnbd" "${out}")
  string(STRIP "${out}" stripped)
  string(FIND "${stripped}" "\n" newline)
  if(NOT newline EQUAL -1)
    fail("clv fit printed more than one line on stdout: ${out}")
  endif()
endif()

# 2. A bad file: recency greater than T on line 3 is refused with the line number.
file(WRITE "${WORK_DIR}/bad.csv" "customer_id,frequency,recency,T\n1,2,30.43,38.86\n2,1,40,38.86\n")
run_rapport(out err code clv fit --model bgnbd --summary "${WORK_DIR}/bad.csv")
if(code EQUAL 0)
  fail("a summary with recency > T was accepted")
endif()
if(NOT err MATCHES "^rapport: .*bad.csv: line 3: recency 40 is greater than T 38.86")
  fail("bad file message: '${err}'")
endif()
if(NOT out STREQUAL "")
  fail("bad file: stdout is not empty: '${out}'")
endif()

# 3. An unknown model is named in the message.
run_rapport(out err code clv fit --model nbd --summary "${DATA_DIR}/cdnow_customers_summary.csv")
if(code EQUAL 0 OR NOT err MATCHES "unknown model 'nbd'")
  fail("unknown model: exit ${code}, '${err}'")
endif()

# 4. summarize: CDNOW_sample.txt (whitespace-separated, no header) as CSV, summarised in weeks up
#    to 1997-09-30, then fitted: the published parameters again.
file(READ "${DATA_DIR}/CDNOW_sample.txt" sample)
string(REGEX REPLACE "[ \t]+" "," sample "${sample}")  # every line starts with spaces: a first empty field
file(WRITE "${WORK_DIR}/cdnow_transactions.csv" ",master_id,customer_id,date,number_of_cds,amount\n${sample}")
run_rapport(out err code clv summarize --transactions "${WORK_DIR}/cdnow_transactions.csv" --period week
            --calibration-end 1997-09-30)
if(NOT code EQUAL 0)
  fail("clv summarize exited ${code}: ${err}")
else()
  file(WRITE "${WORK_DIR}/cdnow_summary.csv" "${out}")
  string(REGEX MATCHALL "\n" lines "${out}")
  list(LENGTH lines line_count)
  if(NOT line_count EQUAL 2358)
    fail("clv summarize wrote ${line_count} lines, expected 2358 (header + 2357 customers)")
  endif()
  if(NOT out MATCHES "^customer_id,frequency,recency,T,monetary_value\n0001,2,30.428571428571427,38.857142857142854,22.345\n")
    fail("clv summarize: unexpected first rows")
  endif()
  run_rapport(out err code clv fit --model bgnbd --summary "${WORK_DIR}/cdnow_summary.csv")
  if(NOT code EQUAL 0)
    fail("clv fit on the summarised log exited ${code}: ${err}")
  else()
    check_bgnbd("summarize + fit bgnbd" "${out}")
  endif()
endif()

# 5. gamma-gamma on the Fader-Hardie file (x, t_x, T, zbar; CRLF): frequency-0 rows left out.
run_rapport(out err code clv fit --model gamma-gamma --summary "${DATA_DIR}/cdnow_customers_summary_with_transactions.csv")
if(NOT code EQUAL 0)
  fail("gamma-gamma fit exited ${code}: ${err}")
else()
  string(JSON p GET "${out}" params p)
  string(JSON q GET "${out}" params q)
  string(JSON gamma GET "${out}" params gamma)
  string(JSON customers GET "${out}" customers)
  string(JSON left_out GET "${out}" left_out_frequency_zero)
  check_range("gamma-gamma p" "${p}" 6.21875 6.28125)
  check_range("gamma-gamma q" "${q}" 3.7213 3.7587)
  check_range("gamma-gamma gamma" "${gamma}" 15.3628 15.5172)
  check_range("gamma-gamma customers" "${customers}" 946 946)
  check_range("gamma-gamma left out" "${left_out}" 1411 1411)
  if(NOT err MATCHES "left out 1411 with frequency 0")
    fail("gamma-gamma: no note on stderr: '${err}'")
  endif()
  file(WRITE "${WORK_DIR}/spend.json" "${out}")
endif()

# 6. predict with the published BG/NBD parameters: customer 1 (x=2, t_x=30.43, T=38.86) expects
#    1.226 purchases in 39 weeks; with spend parameters, value columns follow.
run_rapport(out err code clv predict --model bgnbd --params "{\"r\":0.243,\"alpha\":4.414,\"a\":0.793,\"b\":2.426}"
            --summary "${DATA_DIR}/cdnow_customers_summary_with_transactions.csv" --horizon 39
            --spend-params "${WORK_DIR}/spend.json" --step 4.345 --discount-rate 0.01 --margin 0.3)
if(NOT code EQUAL 0)
  fail("clv predict exited ${code}: ${err}")
else()
  string(REGEX MATCHALL "\n" lines "${out}")
  list(LENGTH lines line_count)
  if(NOT line_count EQUAL 2358)
    fail("clv predict wrote ${line_count} lines, expected 2358")
  endif()
  if(NOT out MATCHES "^customer_id,expected_purchases,probability_alive,expected_spend,predicted_value\n1,([0-9.]+),([0-9.]+),([0-9.]+),([0-9.]+)\n")
    fail("clv predict: unexpected first rows: ${out}")
  else()
    check_range("predict customer 1 expected purchases" "${CMAKE_MATCH_1}" 1.2255 1.2265)
    message(STATUS "predict customer 1: ${CMAKE_MATCH_1} purchases, P(alive) ${CMAKE_MATCH_2}, spend ${CMAKE_MATCH_3}, value ${CMAKE_MATCH_4}")
  endif()
endif()

get_property(failed GLOBAL PROPERTY clv_cli_failed)
if(failed)
  message(FATAL_ERROR "clv command-line checks failed")
endif()
message(STATUS "clv command-line checks passed")
