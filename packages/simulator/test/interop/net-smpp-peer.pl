#!/usr/bin/perl
# An independent SMPP 3.4 peer for interop tests: Debian's libnet-smpp-perl (Net::SMPP 1.19).
#
#   net-smpp-peer.pl esme HOST PORT SYSTEM_ID PASSWORD COUNT WINDOW
#     binds as a transceiver, submits COUNT messages with up to WINDOW unanswered, reads every
#     delivery receipt (answering each), sends enquire_link, unbinds.
#   net-smpp-peer.pl smsc PORT_FILE SYSTEM_ID PASSWORD
#     listens on 127.0.0.1 (an ephemeral port, written to PORT_FILE), accepts one ESME, checks its
#     bind, answers each submit_sm with a message id and then sends a delivery receipt, answers
#     enquire_link, and ends after unbind.
#
# One line per event on stdout, "<event> <fields…>", for the test to check.
use strict;
use warnings;
use Net::SMPP;

$| = 1;
$SIG{ALRM} = sub { print "error timeout\n"; exit 2 };
alarm 120;

my $role = shift @ARGV // '';
if ($role eq 'esme') { esme(@ARGV) }
elsif ($role eq 'smsc') { smsc(@ARGV) }
else { die "usage: $0 esme HOST PORT SYSTEM_ID PASSWORD COUNT WINDOW | smsc PORT_FILE SYSTEM_ID PASSWORD\n" }
exit 0;

sub esme {
    my ($host, $port, $system_id, $password, $count, $window) = @_;
    my $smpp = Net::SMPP->new_connect($host, port => $port, async => 1) or die "connect: $!\n";
    my $bind_seq = $smpp->bind_transceiver(system_id => $system_id, password => $password);
    my $bound = $smpp->read_pdu() or die "no answer to bind\n";
    die "answer to bind has sequence $bound->{seq}\n" if $bound->{seq} != $bind_seq;
    print "bind $bound->{status} ", ($bound->{system_id} // ''), "\n";
    return if $bound->{status} != 0;

    my ($sent, $answered, $receipts, $enquired) = (0, 0, 0, 0);
    my %pending;
    while ($answered < $count || $receipts < $count) {
        while ($sent < $count && keys(%pending) < $window) {
            my $seq = $smpp->submit_sm(
                source_addr      => '10690001',
                destination_addr => sprintf('86139%08d', $sent),
                short_message    => "interop $sent",
                registered_delivery => 0x01,
            );
            $pending{$seq} = $sent++;
        }
        my $pdu = $smpp->read_pdu() or die "connection lost: ${*$smpp}{smpperror}\n";
        if ($pdu->{cmd} == Net::SMPP::CMD_submit_sm_resp) {
            defined delete $pending{$pdu->{seq}} or die "answer to an unknown submit $pdu->{seq}\n";
            $answered++;
            print "submitted $pdu->{status} $pdu->{message_id}\n";
        } elsif ($pdu->{cmd} == Net::SMPP::CMD_deliver_sm) {
            $receipts++;
            print "receipt $pdu->{esm_class} $pdu->{short_message}\n";
            $smpp->deliver_sm_resp(seq => $pdu->{seq}, message_id => '');
        } elsif ($pdu->{cmd} == Net::SMPP::CMD_enquire_link) {
            $smpp->enquire_link_resp(seq => $pdu->{seq});
        } else {
            die sprintf("unexpected command 0x%08x\n", $pdu->{cmd});
        }
    }
    my $enquire_seq = $smpp->enquire_link();
    my $unbind_seq;
    while (1) {
        my $pdu = $smpp->read_pdu() or die "connection lost before unbind_resp\n";
        if ($pdu->{cmd} == Net::SMPP::CMD_enquire_link_resp && $pdu->{seq} == $enquire_seq) {
            print "enquire_link_resp $pdu->{status}\n";
            $unbind_seq = $smpp->unbind();
        } elsif ($pdu->{cmd} == Net::SMPP::CMD_unbind_resp && defined $unbind_seq && $pdu->{seq} == $unbind_seq) {
            print "unbind_resp $pdu->{status}\n";
            last;
        } elsif ($pdu->{cmd} == Net::SMPP::CMD_deliver_sm) {
            $smpp->deliver_sm_resp(seq => $pdu->{seq}, message_id => '');
        }
    }
    $smpp->close();
}

sub smsc {
    my ($port_file, $system_id, $password) = @_;
    my $listener = Net::SMPP->new_listen('127.0.0.1', port => 0, async => 1) or die "listen: $!\n";
    open(my $out, '>', "$port_file.tmp") or die "$port_file: $!\n";
    print $out $listener->sockport(), "\n";
    close($out);
    rename("$port_file.tmp", $port_file) or die "$port_file: $!\n";
    my $smpp = $listener->accept() or die "accept: $!\n";
    my $next_id = 0x5000;
    my ($submits, $receipts_acked) = (0, 0);
    while (1) {
        my $pdu = $smpp->read_pdu() or die "connection lost\n";
        my $cmd = $pdu->{cmd};
        if ($cmd == Net::SMPP::CMD_bind_transceiver) {
            my $ok = ($pdu->{system_id} eq $system_id && $pdu->{password} eq $password);
            print "bind $pdu->{system_id} $pdu->{interface_version}\n";
            $smpp->bind_transceiver_resp(seq => $pdu->{seq}, status => ($ok ? 0 : 0x0E), system_id => 'NETSMPP',
                0x0210 => 0x34);    # sc_interface_version 3.4 (a numeric tag packs one byte)
        } elsif ($cmd == Net::SMPP::CMD_submit_sm) {
            my $id = sprintf('%x', $next_id++);
            $submits++;
            print "submit $pdu->{destination_addr} $pdu->{data_coding} $pdu->{esm_class} ", unpack('H*', $pdu->{short_message}), "\n";
            $smpp->submit_sm_resp(seq => $pdu->{seq}, message_id => $id);
            $smpp->deliver_sm(
                source_addr      => $pdu->{destination_addr},
                destination_addr => $pdu->{source_addr},
                esm_class        => 0x04,
                short_message    => "id:$id sub:001 dlvrd:001 submit date:2401020304 done date:2401020305 stat:DELIVRD err:000 text:",
                receipted_message_id => "$id\0",
                0x0427           => 2,    # message_state DELIVERED (a numeric tag packs one byte)
            );
        } elsif ($cmd == Net::SMPP::CMD_deliver_sm_resp) {
            $receipts_acked++;
        } elsif ($cmd == Net::SMPP::CMD_enquire_link) {
            print "enquire_link\n";
            $smpp->enquire_link_resp(seq => $pdu->{seq});
        } elsif ($cmd == Net::SMPP::CMD_unbind) {
            print "unbind $submits $receipts_acked\n";
            $smpp->unbind_resp(seq => $pdu->{seq});
            last;
        } else {
            die sprintf("unexpected command 0x%08x\n", $cmd);
        }
    }
    $smpp->close();
}
