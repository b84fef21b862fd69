# FlareCare — every entry point. `make run` and `make test` are all a newcomer needs.
.PHONY: setup run run-production test shell train clean report-triage report-nlu report-clinic clinic-page delete-patient purge benchmark

setup:           ## create .venv, install the pins, load the knowledge store, train if needed
	@bash scripts/setup.sh

run: setup       ## action server (5055) + Rasa server (5005, REST + socket.io) + chat page (8080)
	@.venv/bin/python scripts/serve.py

run-production: setup  ## N Rasa replicas + M action servers behind nginx, on PostgreSQL + Redis (README, Production)
	@.venv/bin/python scripts/serve_production.py $(ARGS)

test: setup      ## pytest (unit, actions, HTTP), rasa data validate, rasa test on the test stories
	@bash scripts/test.sh

shell: setup     ## chat in the terminal (start `make run` in another terminal first for the actions)
	@.venv/bin/python -m runtime shell --model models/flarecare.tar.gz --endpoints var/endpoints.yml

train:           ## force a retrain
	@rm -f models/.flarecare-trained && bash scripts/setup.sh

clean:           ## remove the trained model, test results and the embedded databases
	rm -rf models results var

report-triage:   ## run the clinical vignettes against a fresh assistant; report in results/vignettes/
	.venv/bin/python scripts/triage_report.py

report-nlu:      ## 5-fold cross-validation of the NLU (intents and entities); results/nlu/SUMMARY.md
	.venv/bin/python scripts/nlu_report.py

report-clinic:   ## the clinic report for the last 30 days: results/clinic/ (Markdown, HTML, PNG charts)
	.venv/bin/python -m clinic report

clinic-page:     ## the clinic's report page on 127.0.0.1:8090 (needs FLARECARE_CLINIC_TOKEN)
	.venv/bin/python -m clinic serve

delete-patient:  ## delete one patient's data from every store: make delete-patient SENDER=<sender id>
	@test -n "$(SENDER)" || { echo "usage: make delete-patient SENDER=<sender id>"; exit 2; }
	.venv/bin/python -m clinic delete-patient "$(SENDER)"

purge:           ## delete conversations and records older than FLARECARE_RETENTION_DAYS (default 180)
	.venv/bin/python -m clinic purge

benchmark: setup ## FlareCare vs a bare `rasa init` bot: latency, throughput, memory, start-up, training (README, Performance)
	.venv/bin/python scripts/benchmark.py $(ARGS)
