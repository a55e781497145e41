"""Electronic exchange between offices (liên thông văn bản): edXML in and out, with status messages.

QCVN 102:2016/BTTTT. The message model (`message`) is frozen data; `edxml` parses and builds it and
does no I/O; `unpack` reads a message file under limits; `intake` registers or applies what arrives;
`outgoing` makes the messages of an issued document and the status messages back; `transport` and
`http` move them; the journal lives in `service/store/exchange.py`.
"""
