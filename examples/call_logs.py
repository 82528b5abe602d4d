"""Simulated test calls, then the call log and voicemails the embedded components show.

Run against the local emulator:  dialstack-emulator -- python examples/call_logs.py
Against the DialStack sandbox:   DIALSTACK_API_KEY=sk_test_... python examples/call_logs.py
"""

from dialstack import DialStack
from dialstack.types.phone_numbers import PhoneNumberRef


def main() -> None:
    with DialStack() as dialstack:  # reads DIALSTACK_API_KEY (and DIALSTACK_API_URL if set)
        account = dialstack.accounts.create(
            email="clinic@example.com",
            config={"recording_enabled": True, "transcription_enabled": True},
        )
        client = dialstack.with_options(dialstack_account=account.id)
        user = client.users.create(name="Dr. Jane Smith", email="jane@example.com")

        # A few test calls (sandbox keys only): the simulator plays each one to its end.
        answered = client.test_helpers.calls.create(
            user=user.id,
            from_number="+14155550142",
            from_name="Sam Patient",
            scenario={"outcome": "answered", "talk_seconds": 45},
        )
        client.test_helpers.calls.create(user=user.id, scenario={"outcome": "voicemail"})
        client.test_helpers.calls.create(user=user.id, scenario={"outcome": "no-answer"})
        # Outbound: the dialled "magic number" picks the outcome (+15005550102: busy).
        client.test_helpers.calls.create(
            user=user.id, direction="outbound", to_number="+15005550102"
        )

        print("call log, newest first:")
        for call in client.calls.list(expand=["did"]).auto_paging_iter():
            # expand=["did"]: the number the call came in on (or went out from), not its id.
            line = call.did.phone_number if isinstance(call.did, PhoneNumberRef) else "-"
            print(
                f"  {call.started_at:%H:%M:%S}  {call.direction:<8}  {call.status or 'live':<9}"
                f"  {call.from_number} -> {call.to_number}  {call.duration_seconds} s on {line}"
            )

        unread = client.voicemails.list(is_read=False, owner=user.id)
        for voicemail in unread.data:
            print(f"voicemail {voicemail.id} from {voicemail.from_number}: {voicemail.summary}")
            client.voicemails.update(voicemail.id, is_read=True)
        print(f"marked {len(unread.data)} voicemail(s) read")

        transcript = client.calls.retrieve_transcript(answered.id)
        print(f"transcript ({transcript.status}): {transcript.text}")

        recording = client.calls.retrieve_recording(answered.id)
        # A signed link: it plays without the API key, until recording.expires_at.
        print(f"recording until {recording.expires_at:%H:%M} UTC: {recording.download_url}")


if __name__ == "__main__":
    main()
