"""Reading a streamed response in a test, closed however the test ends."""

from contextlib import contextmanager


@contextmanager
def streamed(response):
    """The response's chunks; on leaving the block the rest is read, closing the response.

    Django's test client closes a streamed response when its content has been read to the
    end, and that closes the CSV rows' cursor (on PostgreSQL a named cursor) inside this
    test's transaction. A cursor left to the garbage collector is closed later, inside
    another test's transaction, where the CLOSE fails and aborts that test. A bare
    response.close() is no substitute: it sends request_finished, whose
    close_old_connections closes the database connection under the test's transaction.
    """
    chunks = response.streaming_content
    try:
        yield chunks
    finally:
        for _ in chunks:
            pass
