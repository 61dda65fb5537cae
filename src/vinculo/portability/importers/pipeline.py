"""Reading the next cards of a large file in a second process while this one writes.

An import does two things of about the same weight: it reads the file (cards into exchange
entries, phone numbers parsed) and it writes the contacts (one transaction, one
connection). ``produced_elsewhere`` runs the reading in a child process, forked so that it
starts at once with everything this process knows (settings, the active language), and
hands over what it makes one batch at a time through a pipe: the reading of batch n + 1 goes
on while batch n is written, on the machine's other core.

The child never touches the database (a connection must not cross a fork), and it works
ahead by at most one batch: it waits on the pipe until the batch before has been taken, so
memory does not grow with the file. An error in the child is raised here, where the import
then rolls back as it would have had the reading happened in this process.

Forking a process that runs threads may leave a lock held in the child for ever, so
``reader_process_usable`` says no where this process has more than one thread (a web server
worker, a test server): the import then reads in this process, as it always could.
"""

import multiprocessing
import os
import threading
from collections.abc import Callable, Iterable, Iterator

_VALUE, _END, _FAILED = "value", "end", "failed"


def _threads() -> int:
    try:
        return len(os.listdir("/proc/self/task"))  # threads of C libraries count too
    except OSError:
        return threading.active_count()


def reader_process_usable() -> bool:
    """Whether a child process can read while this one writes (fork, and one thread)."""
    return "fork" in multiprocessing.get_all_start_methods() and _threads() == 1


def _child(receiver, sender, produce: Callable[[], Iterable]) -> None:
    # The fork gave this process the reading end too: held here, it kept the pipe open
    # when the parent died (killed half-way), and this process blocked on a full pipe for
    # ever, holding the database file.
    receiver.close()
    try:
        for value in produce():
            sender.send((_VALUE, value))
        sender.send((_END, None))
    except BaseException as exc:  # every failure goes to the parent
        try:
            sender.send((_FAILED, exc))
        except Exception:  # an exception that cannot be pickled: its text
            sender.send((_FAILED, RuntimeError(repr(exc))))
    finally:
        sender.close()


def produced_elsewhere(produce: Callable[[], Iterable]) -> Iterator:
    """The values of ``produce()``, made in a forked child process one ahead of the caller.

    Close the iterator (``contextlib.closing``) when stopping early: the child is then
    stopped as well.
    """
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(receiver, sender, produce), daemon=True)
    child.start()
    sender.close()
    try:
        while True:
            try:
                kind, value = receiver.recv()
            except EOFError:
                raise RuntimeError("the process reading the file ended early") from None
            if kind == _END:
                return
            if kind == _FAILED:
                raise value
            yield value
    finally:
        receiver.close()
        if child.is_alive():
            child.terminate()
        child.join()
        child.close()
