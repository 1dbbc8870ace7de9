# `vm pause` takes every vCPU out of the guest and keeps it out until
# `vm resume`: the polling echo guest (tests/guests/vm-echo.S, which never
# exits by itself) answers nothing typed while paused and takes no exit,
# then answers it after the resume. A paused VM cannot be started or
# paused again, and can be stopped, restarted and destroyed, its memory
# given back.
# timeout: 120
. "$(dirname "$0")/../scenario.sh"
need_real_hyp
guest_direct vm-echo 1 'hello\noff\n'
script_lines mem "vm create e --kernel echo --mem 16M" "vm start e" \
	"vm wait e --timeout 20 --output \"vm-echo: ready\"" \
	"vm pause e" "vm list" "vm input e one" "vm wait e --timeout 1 --output \"got one\"" \
	"vm list" "vm pause e" "vm start e" "vm wait e --timeout 1" \
	"vm resume e" "vm wait e --timeout 20 --output \"got one\"" "vm resume e" \
	"vm pause e" "vm stop e" "vm list" "vm start e" \
	"vm wait e --timeout 20 --output \"vm-echo: ready\"" "vm pause e" "vm destroy e" mem poweroff
armhv_run --smp 2 --no-vm --module "echo=$GUEST" --script "$SCRIPT" --timeout "$HYP_TIMEOUT"
expect_rc 0
reply_to "vm pause e" 1 | grep -q '^vm e: paused$' || fail "vm pause did not pause"
reply_to "vm list" 1 >"$WORK/list1"
reply_to "vm list" 2 >"$WORK/list2"
cat "$WORK/list1" "$WORK/list2"
expect_line '^vm e state=paused ' "$WORK/list1"
# Nothing ran between the two lists: the same exits, and no echo.
[ "$(grep '^vm e ' "$WORK/list1")" = "$(grep '^vm e ' "$WORK/list2")" ] ||
	fail "the paused VM's exits changed"
reply_to 'vm wait e --timeout 1 --output "got one"' | grep -q '^error: vm e: no such line after 1 s' ||
	fail "the paused guest answered"
reply_to "vm pause e" 2 | grep -q '^error: vm e is paused, not running' ||
	fail "a second pause was not refused"
reply_to "vm start e" 2 | grep -q "^error: vm e is paused" || fail "vm start of a paused VM was not refused"
reply_to "vm wait e --timeout 1" | grep -q '^error: vm e: still paused after 1 s' ||
	fail "vm wait did not say paused"
reply_to "vm resume e" 1 | grep -q '^vm e: resumed$' || fail "vm resume did not resume"
reply_to 'vm wait e --timeout 20 --output "got one"' | grep -q '^vm e: printed "got one"' ||
	fail "the input typed while paused was not answered after the resume"
expect_count 1 '^\[e\] vm-echo: got one$'
reply_to "vm resume e" 2 | grep -q '^error: vm e is running, not paused' ||
	fail "resuming a running VM was not refused"
reply_to "vm stop e" | grep -q '^vm e: stopped$' || fail "a paused VM did not stop"
reply_to "vm list" 3 | grep -q '^vm e state=stopped .* stop=stopped by vm stop' ||
	fail "vm list does not show it stopped"
reply_to "vm start e" 3 | grep -q "^vm e: started$" || fail "the stopped VM did not start again"
reply_to "vm pause e" 4 | grep -q '^vm e: paused$' || fail "the restarted VM did not pause"
reply_to "vm destroy e" | grep -q '^vm e: destroyed$' || fail "a paused VM was not destroyed"
[ "$(reply_to mem 1 | sed 's/(.*//')" = "$(reply_to mem 2 | sed 's/(.*//')" ] ||
	fail "mem differs: $(reply_to mem 1) / $(reply_to mem 2)"
expect_no_line 'armhv: PANIC|unexpected exception'
ok "paused, held, resumed, stopped, restarted and destroyed"
