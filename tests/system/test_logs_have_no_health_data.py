"""What patients type must not reach the logs at the default (INFO) level."""
from tests.conftest import new_sender

SECRETS = [
    "I weigh 9 stone 13 and take 35mg zenatane-xq7",
    "my period is late and I feel hopeless-zz9",
    "can you check my flare please qq4",
]


def test_patient_text_is_not_logged(assistant):
    sender = new_sender()
    for message in SECRETS:
        assistant.say(sender, message)
    log = assistant.log.read_text(errors="replace")
    for marker in ("zenatane-xq7", "hopeless-zz9", "qq4", "9 stone 13"):
        assert marker not in log
    assert sender not in log
