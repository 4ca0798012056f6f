#!/bin/bash
# Flow scenarios for the differential test (see tests/diff/datapath.sh):
# a corpus of flows covering every OVS_KEY_ATTR_* that ovs-dpctl can
# express and every action it can parse, added with ovs-dpctl and with
# ovs-appctl dpctl/* (through an ovs-vswitchd started here with no
# bridges, so that it never touches the datapath on its own), with and
# without a ufid: in the flow string; then mod-flow, get-flow, dump-flows
# in each form, del-flow, del-flows and the file forms add-flows,
# mod-flows and del-flows. No packet ever hits a flow (IPv6 is off, so
# the ports send nothing), so the stats print as zero.
#
# Both tools reach the kernel through the same dpif-netlink code, but
# each ovs-dpctl run (a new process that opens the datapath afresh) costs
# about twice an ovs-appctl call under TCG, so most of the corpus goes
# through ovs-vswitchd. One difference: ovs-vswitchd gives a flow without
# a ufid: a UFID of its own (see sorted in tests/lib/dpctl.bash), so the
# flows the kernel identifies by their key come from ovs-dpctl alone.
#
# What ovs-dpctl 3.1 cannot express is in raw_flow.py: NSH keys (its
# parser rejects nsh(...) unless an encap(...) follows), push_mpls,
# pop_mpls, hash, dec_ttl, push_eth, pop_eth and pop_nsh actions (no
# parser, or an unreachable one), lookups by key (get-flow takes only a
# UFID), and the kernel's DROP action (OVS 3.1's "drop" sends the number
# of its userspace-only drop action, not 24: both kernels refuse it). The
# refusals are in flow-refused.sh (and a few near the end, here).
set -u
# shellcheck source=common.bash
. "$(dirname "$0")/common.bash"

# shellcheck source=../lib/dpctl.bash
. "$(dirname "$0")/../lib/dpctl.bash"

step ovs-dpctl add-dp dp0
step ovs-dpctl add-if dp0 p1,type=internal
step ovs-dpctl add-if dp0 p2,type=internal
step ovs-dpctl add-if dp0 p3,type=internal
step ovs_start

# Metadata, Ethernet, IPv4 and its layer 4 (each flow has its own
# recirc_id, so that no flow's mask covers another's key).
step ovs-dpctl add-flow dp0 'recirc_id(1),dp_hash(0),skb_priority(0x7),in_port(1),skb_mark(0x10),eth(src=02:00:00:00:00:01,dst=02:00:00:00:00:02),eth_type(0x0800),ipv4(src=10.0.0.1,dst=10.0.0.2,proto=6,tos=0x10,ttl=64,frag=no),tcp(src=1000,dst=80),tcp_flags(syn)' 2
step ovs-dpctl add-flow dp0 'recirc_id(2),in_port(1),eth(src=02:00:00:00:00:01/ff:ff:ff:00:00:00,dst=01:00:00:00:00:00/01:00:00:00:00:00),eth_type(0x0800),ipv4(src=10.1.0.0/255.255.0.0,dst=10.2.0.1,proto=6,frag=no),tcp(dst=443),tcp_flags(0x002/0x012)' 2,3
step ovs-appctl dpctl/add-flow dp0 'recirc_id(3),in_port(2),eth(),eth_type(0x0800),ipv4(src=10.0.0.3,dst=10.0.0.4,proto=17,tos=0,ttl=64,frag=no),udp(src=53,dst=5353)' 1
step ovs-appctl dpctl/add-flow dp0 'recirc_id(4),in_port(2),eth(),eth_type(0x0800),ipv4(proto=132,frag=no),sctp(src=5000,dst=5001)' 1
step ovs-appctl dpctl/add-flow dp0 'recirc_id(5),in_port(2),eth(),eth_type(0x0800),ipv4(src=10.0.0.5,proto=1,frag=no),icmp(type=8,code=0)' 1
step ovs-appctl dpctl/add-flow dp0 'recirc_id(6),in_port(1),eth(),eth_type(0x0800),ipv4(proto=17,frag=first),udp(src=1,dst=2)' 2
step ovs-appctl dpctl/add-flow dp0 'recirc_id(7),in_port(1),eth(),eth_type(0x0800),ipv4(proto=17,frag=later)' 2
step ovs-appctl dpctl/add-flow dp0 'recirc_id(8),in_port(1),eth(),eth_type(0x0800),ipv4(tos=0x10/0xfc,ttl=64/0xf0)' 2
step ovs-appctl dpctl/add-flow dp0 'recirc_id(9),in_port(1),eth(),eth_type(0x0800),ipv4(proto=47,tos=0/0x3,frag=no)' 2
step ovs-appctl dpctl/add-flow dp0 'recirc_id(10),in_port(3),eth(),eth_type(0x0800),ipv4(proto=6,frag=no),tcp(src=0x100/0xff00,dst=22/0xfff),tcp_flags(+syn-ack)' 1
step ovs-appctl dpctl/add-flow dp0 'recirc_id(11),in_port(3),eth(),eth_type(0x0800),ipv4(proto=17,frag=no),udp(dst=4789/0xff00)' 1
step ovs-appctl dpctl/add-flow dp0 'recirc_id(12),in_port(3),eth(),eth_type(0x0800),ipv4(proto=1,frag=no),icmp(type=3/0xf,code=1)' 1
# IPv6: label, fragments, ICMPv6, neighbour discovery.
step ovs-dpctl add-flow dp0 'recirc_id(13),in_port(1),eth(),eth_type(0x86dd),ipv6(src=2001:db8::1,dst=2001:db8::2,label=0x12345,proto=6,tclass=0,hlimit=64,frag=no),tcp(src=1,dst=2),tcp_flags(0)' 2
step ovs-appctl dpctl/add-flow dp0 'recirc_id(14),in_port(1),eth(),eth_type(0x86dd),ipv6(src=2001:db8::/ffff:ffff::,label=0x5/0xf,proto=17,frag=no),udp(dst=53)' 2
step ovs-appctl dpctl/add-flow dp0 'recirc_id(15),in_port(1),eth(),eth_type(0x86dd),ipv6(label=0xfffff,proto=17,frag=first),udp(src=1)' 2
step ovs-appctl dpctl/add-flow dp0 'recirc_id(16),in_port(1),eth(),eth_type(0x86dd),ipv6(proto=17,frag=later)' 2
step ovs-appctl dpctl/add-flow dp0 'recirc_id(17),in_port(1),eth(),eth_type(0x86dd),ipv6(proto=58,frag=no),icmpv6(type=128,code=0)' 2
step ovs-dpctl add-flow dp0 'recirc_id(18),in_port(1),eth(),eth_type(0x86dd),ipv6(proto=58,hlimit=255,frag=no),icmpv6(type=135,code=0),nd(target=2001:db8::3,sll=02:00:00:00:00:03,tll=00:00:00:00:00:00)' 2
step ovs-appctl dpctl/add-flow dp0 'recirc_id(19),in_port(1),eth(),eth_type(0x86dd),ipv6(proto=58,frag=no),icmpv6(type=136,code=0),nd(target=2001:db8::4,tll=02:00:00:00:00:04)' 2
step ovs-appctl dpctl/add-flow dp0 'recirc_id(20),in_port(1),eth(),eth_type(0x86dd),ipv6(proto=132,tclass=0x20/0xe0,frag=no),sctp(dst=9/0xff)' 2
# ARP and RARP.
step ovs-dpctl add-flow dp0 'recirc_id(21),in_port(2),eth(),eth_type(0x0806),arp(sip=10.0.0.1,tip=10.0.0.2,op=1,sha=02:00:00:00:00:01,tha=00:00:00:00:00:00)' 1
step ovs-appctl dpctl/add-flow dp0 'recirc_id(22),in_port(2),eth(),eth_type(0x0806),arp(sip=10.0.0.0/255.0.0.0,op=2)' 1
step ovs-appctl dpctl/add-flow dp0 'recirc_id(23),in_port(2),eth(),eth_type(0x8035),arp(op=3)' 1
# MPLS, one to three labels, unicast and multicast.
step ovs-dpctl add-flow dp0 'recirc_id(24),in_port(2),eth(),eth_type(0x8847),mpls(label=100,tc=3,ttl=64,bos=1)' 1
step ovs-appctl dpctl/add-flow dp0 'recirc_id(25),in_port(2),eth(),eth_type(0x8847),mpls(label=100,tc=0,ttl=64,bos=0,label=200,tc=1,ttl=63,bos=1)' 1
step ovs-appctl dpctl/add-flow dp0 'recirc_id(26),in_port(2),eth(),eth_type(0x8848),mpls(label=1,tc=0,ttl=1,bos=0,label=2,tc=0,ttl=2,bos=0,label=3,tc=0,ttl=3,bos=1)' 1
step ovs-appctl dpctl/add-flow dp0 'recirc_id(27),in_port(2),eth(),eth_type(0x8847),mpls(label=100/0xff,bos=1)' 1
# VLANs: 802.1Q, 802.1ad over 802.1Q, masks, a truncated tag.
step ovs-dpctl add-flow dp0 'recirc_id(28),in_port(1),eth(),eth_type(0x8100),vlan(vid=10,pcp=3),encap(eth_type(0x0800),ipv4(src=10.0.0.1,dst=10.0.0.2,proto=17,tos=0,ttl=64,frag=no),udp(src=1,dst=2))' 2
step ovs-dpctl add-flow dp0 'recirc_id(29),in_port(1),eth(),eth_type(0x88a8),vlan(vid=100,pcp=0),encap(eth_type(0x8100),vlan(vid=200,pcp=5),encap(eth_type(0x0800),ipv4(proto=6,frag=no),tcp(dst=22),tcp_flags(0)))' 2
step ovs-appctl dpctl/add-flow dp0 'recirc_id(30),in_port(1),eth(),eth_type(0x8100),vlan(vid=10/0xff0,pcp=0/0),encap(eth_type(0x88cc))' 2
step ovs-appctl dpctl/add-flow dp0 'recirc_id(31),in_port(1),eth(),eth_type(0x8100),vlan(vid=13,pcp=0,cfi=1),encap(eth_type(0x0800),ipv4(proto=47,frag=no))' 2
step ovs-appctl dpctl/add-flow dp0 'recirc_id(32),in_port(1),eth(),eth_type(0x88a8),vlan(vid=300,pcp=1),encap(eth_type(0x86dd),ipv6(proto=17,frag=no),udp(dst=546))' 2
step ovs-appctl dpctl/add-flow dp0 'recirc_id(33),in_port(1),eth(),eth_type(0x8100),vlan(vid=11,pcp=0),encap(eth_type(0x8847),mpls(label=7,tc=0,ttl=9,bos=1))' 2
# 802.2 (no eth_type), another Ethernet type, layer 3 flows (no eth).
step ovs-appctl dpctl/add-flow dp0 'recirc_id(34),in_port(3),eth(src=02:00:00:00:00:05,dst=01:80:c2:00:00:00)' 1
step ovs-appctl dpctl/add-flow dp0 'recirc_id(35),in_port(3),eth(),eth_type(0x88cc)' 1
step ovs-dpctl add-flow dp0 'recirc_id(36),in_port(3),eth_type(0x0800),ipv4(src=10.9.0.1,dst=10.9.0.2,proto=1,tos=0,ttl=64,frag=no),icmp(type=0,code=0)' 1
step ovs-dpctl add-flow dp0 'recirc_id(37),in_port(3),packet_type(ns=1,id=0x86dd),ipv6(src=2001:db8::9,proto=17,frag=no),udp(dst=9)' 1
step ovs-appctl dpctl/add-flow dp0 'recirc_id(38),in_port(3),packet_type(ns=0,id=0),eth(src=02:00:00:00:00:09),eth_type(0x0800),ipv4(frag=no)' 1
# Tunnel metadata: IPv4 and IPv6 endpoints, tun_id, tos, ttl, ports,
# flags, Geneve options, VXLAN GBP, ERSPAN v1 and v2, masks.
step ovs-dpctl add-flow dp0 'recirc_id(39),tunnel(tun_id=0x1234,src=192.168.0.1,dst=192.168.0.2,tos=0x10,ttl=64,tp_src=12345,tp_dst=4789,flags(df|csum|key)),in_port(1),eth(),eth_type(0x0800),ipv4(frag=no)' 2
step ovs-appctl dpctl/add-flow dp0 'recirc_id(40),tunnel(tun_id=0x5,ipv6_src=2001:db8::10,ipv6_dst=2001:db8::20,ttl=64,flags(key)),in_port(1),eth(),eth_type(0x86dd),ipv6(frag=no)' 2
step ovs-dpctl add-flow dp0 'recirc_id(41),tunnel(tun_id=0x6,dst=192.168.0.3,ttl=64,geneve({class=0x102,type=0x80,len=4,0xa0b0c0d0}),flags(key)),in_port(1),eth()' 2
step ovs-appctl dpctl/add-flow dp0 'recirc_id(42),tunnel(dst=192.168.0.4,ttl=64,geneve({class=0xffff,type=0x1,len=4,0x1}{class=0xffff,type=0x2,len=8,0x0102030405060708}),flags(df)),in_port(1),eth()' 2
step ovs-appctl dpctl/add-flow dp0 'recirc_id(43),tunnel(tun_id=0x7,src=192.168.0.1,dst=192.168.0.5,ttl=64,vxlan(gbp(id=10,flags=0x1)),flags(key)),in_port(1),eth()' 2
step ovs-appctl dpctl/add-flow dp0 'recirc_id(44),tunnel(dst=192.168.0.6,ttl=64,erspan(ver=1,idx=0x7)),in_port(1),eth()' 2
step ovs-appctl dpctl/add-flow dp0 'recirc_id(45),tunnel(ipv6_dst=2001:db8::30,ttl=64,erspan(ver=2,dir=1,hwid=0x4)),in_port(1),eth()' 2
step ovs-appctl dpctl/add-flow dp0 'recirc_id(46),tunnel(tun_id=0x100/0xff00,src=192.168.0.0/255.255.255.0,dst=192.168.1.1,tos=0/0xfc,ttl=64/0,flags(-df+csum)),in_port(1),eth()' 2
step ovs-appctl dpctl/add-flow dp0 'recirc_id(47),tunnel(dst=192.168.0.7,ttl=1,flags(oam)),in_port(1),eth()' 2
# Hash, conntrack state, zone, mark, labels and original tuples.
step ovs-appctl dpctl/add-flow dp0 'recirc_id(48),dp_hash(0x12/0xff),in_port(2),eth()' 1
step ovs-dpctl add-flow dp0 'recirc_id(49),ct_state(+new+trk),ct_zone(5),ct_mark(0x1/0xff),ct_label(0x1/0x1),in_port(2),eth(),eth_type(0x0800),ipv4(frag=no)' 1
step ovs-appctl dpctl/add-flow dp0 'recirc_id(50),ct_state(+est+trk-rel-inv),ct_zone(0x7/0xf),ct_mark(0x10),ct_label(0x0102030405060708090a0b0c0d0e0f10),in_port(2),eth(),eth_type(0x86dd),ipv6(frag=no)' 1
step ovs-appctl dpctl/add-flow dp0 'recirc_id(51),ct_state(+trk+rpl+snat+dnat),in_port(2),eth(),eth_type(0x0800),ipv4(frag=no)' 1
step ovs-dpctl add-flow dp0 'recirc_id(52),ct_state(+trk),ct_tuple4(src=10.0.0.1,dst=10.0.0.2,proto=6,tp_src=1000,tp_dst=80),in_port(2),eth(),eth_type(0x0800),ipv4(proto=6,frag=no),tcp(),tcp_flags(0/0)' 1
step ovs-appctl dpctl/add-flow dp0 'recirc_id(53),ct_state(+trk),ct_tuple6(src=2001:db8::1,dst=2001:db8::2,proto=17,tp_src=1,tp_dst=2),in_port(2),eth(),eth_type(0x86dd),ipv6(proto=17,frag=no),udp()' 1
step ovs-appctl dpctl/add-flow dp0 'recirc_id(54),ct_tuple4(src=10.0.0.0/255.0.0.0,proto=17),in_port(2),eth(),eth_type(0x0800),ipv4(frag=no)' 1
step ovs-appctl dpctl/add-flow dp0 'recirc_id(55),skb_priority(0x5/0xf),skb_mark(0x100/0xff00),in_port(2),eth()' 1
step ovs-appctl dpctl/add-flow dp0 'recirc_id(56),in_port(2),eth_type(0x86dd),ipv6(frag=no)' 1
step ovs-appctl dpctl/add-flow dp0 'recirc_id(57),eth(),eth_type(0x0800),ipv4(frag=no)' 1
# Flows without recirc_id: each has its own mark.
step ovs-appctl dpctl/add-flow dp0 'skb_mark(0x9001),in_port(1),eth(),eth_type(0x0800),ipv4(frag=no)' 2
step ovs-appctl dpctl/add-flow dp0 'skb_mark(0x9002),eth()' 2
step ovs-appctl dpctl/add-flow dp0 'skb_mark(0x9003),in_port(3),eth(),eth_type(0x0806),arp()' 2

# Actions, each on a flow that meets its prerequisites.
step ovs-dpctl add-flow dp0 'recirc_id(100),in_port(1),eth(),eth_type(0x0800),ipv4(frag=no)' ''
step ovs-dpctl add-flow dp0 'recirc_id(101),in_port(1),eth(),eth_type(0x0800),ipv4(frag=no)' drop
step ovs-appctl dpctl/add-flow dp0 'recirc_id(102),in_port(1),eth()' 1,2,3,0,65534
step ovs-appctl dpctl/add-flow dp0 'recirc_id(103),in_port(1),eth()' 'userspace(pid=4242)'
step ovs-dpctl add-flow dp0 'recirc_id(104),in_port(1),eth()' 'userspace(pid=4242,userdata(0102030405060708090a0b0c0d0e0f10))'
step ovs-appctl dpctl/add-flow dp0 'recirc_id(105),in_port(1),eth()' 'userspace(pid=4242,userdata(01),actions)'
step ovs-appctl dpctl/add-flow dp0 'recirc_id(106),in_port(1),eth()' 'userspace(pid=4242,userdata(02),tunnel_out_port=3)'
step ovs-appctl dpctl/add-flow dp0 'recirc_id(107),in_port(1),eth()' 'userspace(pid=4242,controller(reason=1,dont_send=0,continuation=0,recirc_id=1,rule_cookie=0x1,controller_id=0,max_len=65535))'
step ovs-appctl dpctl/add-flow dp0 'recirc_id(108),in_port(1),eth()' 'userspace(pid=4242,sFlow(vid=10,pcp=1,output=2)),userspace(pid=4243,slow_path(action)),userspace(pid=4244,ipfix(output_port=1))'
step ovs-appctl dpctl/add-flow dp0 'recirc_id(109),in_port(1),eth()' 'userspace(pid=4242,flow_sample(probability=100,collector_set_id=1,obs_domain_id=2,obs_point_id=3,output_port=4294967295,ingress))'
step ovs-dpctl add-flow dp0 'recirc_id(110),in_port(1),eth()' 'set(skb_priority(0x1)),set(skb_mark(0x2)),set(ct_mark(0x3)),set(ct_label(0x4)),1'
step ovs-appctl dpctl/add-flow dp0 'recirc_id(111),in_port(1),eth()' 'set(skb_mark(0x5/0xff)),set(skb_priority(0x10/0xf0)),set(ct_mark(0x1/0x1)),set(ct_label(0x100/0xf00)),1'
step ovs-appctl dpctl/add-flow dp0 'recirc_id(112),in_port(1),eth()' 'set(eth(src=02:00:00:00:00:aa,dst=02:00:00:00:00:bb)),1'
step ovs-appctl dpctl/add-flow dp0 'recirc_id(113),in_port(1),eth()' 'set(eth(dst=02:00:00:00:00:00/ff:ff:ff:ff:ff:00)),1'
step ovs-dpctl add-flow dp0 'recirc_id(114),in_port(1),eth(),eth_type(0x0800),ipv4(src=10.0.0.1,dst=10.0.0.2,proto=6,tos=0,ttl=64,frag=no),tcp(),tcp_flags(0/0)' 'set(ipv4(src=10.0.1.1,dst=10.0.1.2,proto=6,tos=0x4,ttl=63,frag=no)),1'
step ovs-appctl dpctl/add-flow dp0 'recirc_id(115),in_port(1),eth(),eth_type(0x0800),ipv4(proto=6,frag=no),tcp(),tcp_flags(0/0)' 'set(ipv4(src=10.0.1.0/255.255.255.0,ttl=9)),set(tcp(src=80,dst=8080)),1'
step ovs-appctl dpctl/add-flow dp0 'recirc_id(116),in_port(1),eth(),eth_type(0x0800),ipv4(proto=6,frag=no),tcp(),tcp_flags(0/0)' 'set(ipv4(tos=0x20/0xfc)),set(tcp(dst=0xbb/0xff)),1'
step ovs-appctl dpctl/add-flow dp0 'recirc_id(117),in_port(1),eth(),eth_type(0x0800),ipv4(proto=17,frag=no),udp()' 'set(udp(src=53,dst=5353)),set(udp(dst=1/0xf)),1'
step ovs-appctl dpctl/add-flow dp0 'recirc_id(118),in_port(1),eth(),eth_type(0x0800),ipv4(proto=132,frag=no),sctp()' 'set(sctp(src=1,dst=2)),set(sctp(src=3/0xff)),1'
step ovs-appctl dpctl/add-flow dp0 'recirc_id(119),in_port(1),eth(),eth_type(0x86dd),ipv6(src=2001:db8::1,dst=2001:db8::2,label=0x1,proto=17,tclass=0,hlimit=64,frag=no),udp()' 'set(ipv6(src=2001:db8::a,dst=2001:db8::b,label=0xabcde,tclass=0x10,hlimit=63)),1'
step ovs-appctl dpctl/add-flow dp0 'recirc_id(120),in_port(1),eth(),eth_type(0x86dd),ipv6(proto=6,frag=no),tcp(),tcp_flags(0/0)' 'set(ipv6(dst=2001:db8::/ffff:ffff::,label=0x5/0xff,hlimit=1)),set(tcp(src=1)),1'
step ovs-appctl dpctl/add-flow dp0 'recirc_id(121),in_port(1),eth(),eth_type(0x8847),mpls(label=100,tc=3,ttl=64,bos=1)' 'set(mpls(label=200,tc=1,ttl=63,bos=1)),1'
step ovs-appctl dpctl/add-flow dp0 'recirc_id(122),in_port(1),eth(),eth_type(0x8847),mpls(label=100,tc=3,ttl=64,bos=1)' 'set(mpls(label=300/0xfffff,ttl=10/0xff)),1'
step ovs-appctl dpctl/add-flow dp0 'recirc_id(123),in_port(1),eth()' 'set(tunnel(tun_id=0x1,src=192.168.0.1,dst=192.168.0.2,tos=0x10,ttl=64,tp_src=1,tp_dst=4789,flags(df|csum|key))),1'
step before_6_12 ovs-appctl dpctl/add-flow dp0 'recirc_id(124),in_port(1),eth()' 'set(tunnel(tun_id=0x2,ipv6_src=2001:db8::1,ipv6_dst=2001:db8::2,ttl=64,geneve({class=0x102,type=0x80,len=4,0xa0b0c0d0}),flags(key))),1'
step before_6_12 ovs-appctl dpctl/add-flow dp0 'recirc_id(125),in_port(1),eth()' 'set(tunnel(tun_id=0x3,dst=192.168.0.5,ttl=64,vxlan(gbp(id=10,flags=0x1)),flags(key))),1'
step before_6_12 ovs-appctl dpctl/add-flow dp0 'recirc_id(150),in_port(1),eth()' 'set(tunnel(tun_id=0x4,src=192.168.0.1,dst=192.168.0.6,tos=0,ttl=64,erspan(ver=1,idx=0x7),flags(df|csum|key))),2'
step ovs-appctl dpctl/add-flow dp0 'recirc_id(151),in_port(1),eth()' 'set(tunnel(ipv6_dst=2001:db8::6,ttl=64,tp_dst=4790,flags(csum))),3'
step ovs-dpctl add-flow dp0 'recirc_id(126),in_port(1),eth()' 'push_vlan(vid=10,pcp=3),1,push_vlan(tpid=0x88a8,vid=20,pcp=0),2'
step ovs-appctl dpctl/add-flow dp0 'recirc_id(127),in_port(1),eth(),eth_type(0x8100),vlan(vid=10,pcp=0),encap(eth_type(0x0800),ipv4(frag=no))' 'pop_vlan,1'
step ovs-appctl dpctl/add-flow dp0 'recirc_id(128),in_port(1),eth(),eth_type(0x88a8),vlan(vid=10,pcp=0),encap(eth_type(0x8100),vlan(vid=20,pcp=0),encap(eth_type(0x0800),ipv4(frag=no)))' 'pop_vlan,pop_vlan,push_vlan(vid=30,pcp=7,cfi=1),1'
step ovs-appctl dpctl/add-flow dp0 'recirc_id(129),in_port(1),eth()' 'sample(sample=50%,actions(1)),sample(sample=0%,actions()),sample(sample=100%,actions(userspace(pid=4242,userdata(03))))'
step ovs-appctl dpctl/add-flow dp0 'recirc_id(130),in_port(1),eth(),eth_type(0x0800),ipv4(frag=no)' 'ct(zone=5),recirc(131)'
step ovs-appctl dpctl/add-flow dp0 'recirc_id(131),in_port(1),eth(),eth_type(0x0800),ipv4(frag=no)' 'add_mpls(label=10,tc=0,ttl=64,bos=1,eth_type=0x8847),1'
step ovs-appctl dpctl/add-flow dp0 'recirc_id(132),in_port(1),eth()' 'trunc(100),1,trunc(14),2'
step ovs-dpctl add-flow dp0 'recirc_id(133),in_port(1),eth()' 'clone(1),clone(),clone(push_vlan(vid=5,pcp=0),2),3'
step ovs-dpctl add-flow dp0 'recirc_id(134),in_port(1),eth()' 'clone(clone(clone(clone(clone(clone(clone(clone(clone(clone(clone(clone(clone(clone(clone(clone(1))))))))))))))))'
step ovs-appctl dpctl/add-flow dp0 'recirc_id(135),in_port(1),eth()' 'check_pkt_len(size=200,gt(1),le(2))'
step ovs-appctl dpctl/add-flow dp0 'recirc_id(136),in_port(1),eth()' 'check_pkt_len(size=1500,gt(drop),le(clone(1),sample(sample=10%,actions(2))))'
step ovs-appctl dpctl/add-flow dp0 'recirc_id(137),in_port(1),eth()' 'meter(0),meter(7),1'
step ovs-appctl dpctl/add-flow dp0 'recirc_id(138),in_port(1),eth(),eth_type(0x0800),ipv4(frag=no)' 'ct(commit),1'
step ovs-appctl dpctl/add-flow dp0 'recirc_id(139),in_port(1),eth(),eth_type(0x0800),ipv4(frag=no)' 'ct(commit,zone=5,mark=0x1/0xff,label=0x1/0x1),1'
step ovs-dpctl add-flow dp0 'recirc_id(140),in_port(1),eth(),eth_type(0x0800),ipv4(frag=no)' 'ct(commit,nat(src=10.0.0.1-10.0.0.5:100-200,persistent,random)),1'
step ovs-appctl dpctl/add-flow dp0 'recirc_id(141),in_port(1),eth(),eth_type(0x0800),ipv4(frag=no)' 'ct(commit,nat(dst=10.0.0.9:80,hash)),1'
step ovs-appctl dpctl/add-flow dp0 'recirc_id(142),in_port(1),eth(),eth_type(0x86dd),ipv6(frag=no)' 'ct(commit,nat(src=[2001:db8::1]-[2001:db8::2]:1000-2000)),1'
step ovs-appctl dpctl/add-flow dp0 'recirc_id(143),in_port(1),eth(),eth_type(0x0800),ipv4(frag=no)' 'ct(nat),ct(commit,nat),1'
step ovs-appctl dpctl/add-flow dp0 'recirc_id(144),in_port(1),eth(),eth_type(0x0800),ipv4(proto=6,frag=no),tcp(dst=21),tcp_flags(0/0)' 'ct(commit,helper=ftp),1'
step ovs-appctl dpctl/add-flow dp0 'recirc_id(145),in_port(1),eth(),eth_type(0x86dd),ipv6(frag=no)' 'ct(force_commit,zone=7),ct_clear,1'
step ovs-appctl dpctl/add-flow dp0 'recirc_id(146),in_port(1),eth(),eth_type(0x0800),ipv4(frag=no)' 'ct(commit,timeout=nosuchpolicy),1'
step ovs-dpctl add-flow dp0 'recirc_id(147),in_port(1),eth()' 'push_nsh(flags=0,ttl=63,mdtype=1,np=3,spi=0x100,si=255,c1=0x1,c2=0x2,c3=0x3,c4=0x4),1'
step ovs-appctl dpctl/add-flow dp0 'recirc_id(148),in_port(1),eth()' 'push_nsh(flags=0,ttl=63,mdtype=2,np=3,spi=0x100,si=255,md2=0x00010004deadbeef),1'
step ovs-appctl dpctl/add-flow dp0 'recirc_id(149),in_port(1),eth(),eth_type(0x0800),ipv4(frag=no)' 'set(skb_mark(0x1)),clone(ct(commit),1),2'

# The same kinds through ovs-vswitchd (ovs-appctl dpctl/*).
step ovs-appctl dpctl/add-flow dp0 'recirc_id(200),in_port(3),eth(src=02:00:00:00:01:01,dst=02:00:00:00:01:02),eth_type(0x0800),ipv4(src=10.3.0.1,dst=10.3.0.2,proto=6,tos=0,ttl=64,frag=no),tcp(src=1,dst=2),tcp_flags(0)' 1
step ovs-appctl dpctl/add-flow dp0 'recirc_id(201),in_port(3),eth(),eth_type(0x86dd),ipv6(src=2001:db8:3::1,dst=2001:db8:3::2,label=0x3,proto=17,tclass=0,hlimit=64,frag=no),udp(src=1,dst=2)' 1
step ovs-appctl dpctl/add-flow dp0 'recirc_id(202),in_port(3),eth(),eth_type(0x8100),vlan(vid=7,pcp=1),encap(eth_type(0x0806),arp(op=1))' 'pop_vlan,1'
step ovs-appctl dpctl/add-flow dp0 'recirc_id(203),tunnel(tun_id=0x33,dst=192.168.3.3,ttl=64,flags(key)),in_port(3),eth()' 'set(tunnel(tun_id=0x34,dst=192.168.3.4,ttl=64,flags(key))),2'
step ovs-appctl dpctl/add-flow dp0 'recirc_id(204),ct_state(+trk+new),in_port(3),eth(),eth_type(0x0800),ipv4(frag=no)' 'ct(commit,zone=3,mark=0x3/0xff),1'
step ovs-appctl dpctl/add-flow dp0 'recirc_id(205),in_port(3),eth(),eth_type(0x8847),mpls(label=5,tc=0,ttl=5,bos=1)' 'set(mpls(label=6,tc=0,ttl=4,bos=1)),1'
step ovs-appctl dpctl/add-flow dp0 'recirc_id(206),in_port(3),eth()' 'sample(sample=25%,actions(clone(1))),check_pkt_len(size=100,gt(2),le(3))'
step ovs-appctl dpctl/add-flow dp0 'recirc_id(207),in_port(3),eth()' 'userspace(pid=7,userdata(0a0b)),trunc(64),1'
step ovs-appctl dpctl/add-flow dp0 'recirc_id(208),in_port(3),eth(),eth_type(0x0800),ipv4(proto=17,frag=no),udp(dst=4789)' 'set(ipv4(ttl=1/0xff)),set(udp(dst=4790)),meter(1),1'
step ovs-appctl dpctl/add-flow dp0 'recirc_id(209),in_port(3),eth()' 'push_vlan(vid=1,pcp=0),push_nsh(mdtype=1,np=3,spi=0x2,si=254),1'
step ovs-appctl dpctl/add-flow dp0 'recirc_id(210),in_port(3),eth_type(0x86dd),ipv6(frag=no)' 'ct(commit,nat(dst=[2001:db8::80]:8080)),1'
step ovs-appctl dpctl/add-flow dp0 'recirc_id(211),in_port(3),eth(),eth_type(0x0800),ipv4(frag=no)' ''
step ovs-appctl dpctl/add-flow dp0 'skb_mark(0x9004),in_port(3),eth()' 'recirc(212)'

# UFIDs, through both.
step ovs-dpctl add-flow dp0 'ufid:11111111-2222-3333-4444-555555555501,recirc_id(300),in_port(1),eth(),eth_type(0x0800),ipv4(src=10.5.0.1,dst=10.5.0.2,proto=17,tos=0,ttl=64,frag=no),udp(src=1,dst=2)' 2
step ovs-dpctl add-flow dp0 'ufid:11111111-2222-3333-4444-555555555502,recirc_id(301),in_port(1),eth(src=02:00:00:00:00:01/ff:ff:ff:ff:ff:00),eth_type(0x86dd),ipv6(src=2001:db8::/ffff::,frag=no)' 2
step ovs-appctl dpctl/add-flow dp0 'ufid:11111111-2222-3333-4444-555555555503,recirc_id(302),in_port(1),eth()' 2
step ovs-dpctl add-flow dp0 'ufid:11111111-2222-3333-4444-555555555504,recirc_id(303),in_port(1),eth(),eth_type(0x8100),vlan(vid=9,pcp=0),encap(eth_type(0x0800),ipv4(proto=6,frag=no),tcp(dst=80),tcp_flags(0))' 'pop_vlan,1'
step ovs-dpctl add-flow dp0 'ufid:11111111-2222-3333-4444-555555555505,recirc_id(304),tunnel(tun_id=0x9,dst=192.168.9.9,ttl=64,geneve({class=0x102,type=0x80,len=4,0x1}),flags(key)),in_port(1),eth()' 'set(tunnel(tun_id=0xa,dst=192.168.9.10,ttl=64,flags(key))),3'
step ovs-appctl dpctl/add-flow dp0 'ufid:11111111-2222-3333-4444-555555555506,recirc_id(305),ct_state(+trk+est),ct_zone(1),in_port(1),eth(),eth_type(0x0800),ipv4(frag=no)' 'ct_clear,1'
step ovs-dpctl add-flow dp0 'ufid:11111111-2222-3333-4444-555555555507,skb_mark(0x9005),eth()' 'clone(1)'
step ovs-appctl dpctl/add-flow dp0 'ufid:22222222-2222-3333-4444-555555555501,recirc_id(310),in_port(2),eth(),eth_type(0x0806),arp(sip=10.6.0.1,tip=10.6.0.2,op=2)' 1
step ovs-appctl dpctl/add-flow dp0 'ufid:22222222-2222-3333-4444-555555555502,recirc_id(311),in_port(2),eth(),eth_type(0x8847),mpls(label=1,tc=0,ttl=1,bos=0,label=2,tc=0,ttl=1,bos=1)' 1
step ovs-appctl dpctl/add-flow dp0 'ufid:22222222-2222-3333-4444-555555555503,recirc_id(312),ct_state(+trk),ct_tuple6(src=2001:db8::1,dst=2001:db8::2,proto=6,tp_src=1,tp_dst=2),in_port(2),eth(),eth_type(0x86dd),ipv6(proto=6,frag=no),tcp(),tcp_flags(0/0)' 1
step ovs-appctl dpctl/add-flow dp0 'ufid:22222222-2222-3333-4444-555555555504,recirc_id(313),in_port(2),eth()' 'userspace(pid=1,userdata(ff))'

# Several flows from a file (add-flows reads FILE or stdin).
step bash -c 'printf "%s\n" "recirc_id(400),in_port(2),eth() 1" "add recirc_id(401),in_port(2),eth() 2" "ufid:33333333-2222-3333-4444-555555555501,recirc_id(402),in_port(2),eth() 3" | ovs-dpctl add-flows dp0 -'

# Refusals through ovs-vswitchd (the rest are in flow-refused.sh).
step ovs-appctl dpctl/add-flow dp0 'recirc_id(200),in_port(3),eth(src=02:00:00:00:01:01,dst=02:00:00:00:01:02),eth_type(0x0800),ipv4(src=10.3.0.1,dst=10.3.0.2,proto=6,tos=0,ttl=64,frag=no),tcp(src=1,dst=2),tcp_flags(0)' 2
step ovs-appctl dpctl/add-flow dp0 'recirc_id(250),in_port(3),eth(),eth_type(0x0800),tcp(dst=80),tcp_flags(0)' 1
step ovs-appctl dpctl/add-flow dp0 'recirc_id(251),in_port(3),eth()' 'clone(clone(clone(clone(clone(clone(clone(clone(clone(clone(clone(clone(clone(clone(clone(clone(clone(1)))))))))))))))))'
step ovs-appctl dpctl/mod-flow dp0 'recirc_id(252),in_port(3),eth()' 1
step ovs-appctl dpctl/del-flow dp0 'recirc_id(252),in_port(3),eth()'
step ovs-appctl dpctl/get-flow dp0 ufid:22222222-2222-3333-4444-555555555599

# Everything installed, in every form of dump.
step ovs-dpctl show dp0
step sorted ovs-dpctl dump-flows dp0
step sorted ovs-dpctl dump-flows -m dp0
step sorted ovs-dpctl dump-flows --names dp0
step sorted ovs-appctl dpctl/dump-flows -m --no-names dp0
step sorted ovs-dpctl dump-flows dp0 filter='tcp'
step sorted ovs-appctl dpctl/dump-flows dp0
step sorted ovs-appctl dpctl/dump-flows -m dp0
step sorted ovs-appctl dpctl/dump-flows dp0 type=ovs
step sorted ovs-appctl dpctl/dump-flows --names dp0 filter='ipv6'

# get-flow (by UFID only: ovs-dpctl has no get by key).
step ovs-dpctl get-flow dp0 ufid:11111111-2222-3333-4444-555555555501
step ovs-dpctl get-flow dp0 -m ufid:11111111-2222-3333-4444-555555555502
step ovs-dpctl get-flow ufid:11111111-2222-3333-4444-555555555504
step ovs-appctl dpctl/get-flow dp0 ufid:11111111-2222-3333-4444-555555555506
step ovs-appctl dpctl/get-flow dp0 ufid:22222222-2222-3333-4444-555555555503
step ovs-appctl dpctl/get-flow -m ufid:11111111-2222-3333-4444-555555555505

# mod-flow: by key, by UFID, creating, with statistics and clearing. By
# key, ovs-dpctl reaches only the flows it added (the kernel looks up by
# key only the flows created without a UFID) and ovs-vswitchd only its
# own (it sends the UFID it would have given the key), but mod-flow
# --may-create, a NEW, also finds a flow by its key.
step ovs-dpctl mod-flow dp0 'recirc_id(21),in_port(2),eth(),eth_type(0x0806),arp(sip=10.0.0.1,tip=10.0.0.2,op=1,sha=02:00:00:00:00:01,tha=00:00:00:00:00:00)' 3
step ovs-dpctl mod-flow -s dp0 'recirc_id(13),in_port(1),eth(),eth_type(0x86dd),ipv6(src=2001:db8::1,dst=2001:db8::2,label=0x12345,proto=6,tclass=0,hlimit=64,frag=no),tcp(src=1,dst=2),tcp_flags(0)' 'set(ipv6(hlimit=5/0xff)),1'
step ovs-dpctl mod-flow --clear dp0 'recirc_id(28),in_port(1),eth(),eth_type(0x8100),vlan(vid=10,pcp=3),encap(eth_type(0x0800),ipv4(src=10.0.0.1,dst=10.0.0.2,proto=17,tos=0,ttl=64,frag=no),udp(src=1,dst=2))' 'pop_vlan,3'
step ovs-dpctl mod-flow dp0 'ufid:11111111-2222-3333-4444-555555555501,recirc_id(300),in_port(1),eth(),eth_type(0x0800),ipv4(src=10.5.0.1,dst=10.5.0.2,proto=17,tos=0,ttl=64,frag=no),udp(src=1,dst=2)' 'set(udp(dst=3)),3'
step ovs-appctl dpctl/mod-flow dp0 'ufid:11111111-2222-3333-4444-555555555503,recirc_id(302),in_port(1),eth()' ''
step ovs-dpctl mod-flow --may-create dp0 'recirc_id(500),in_port(1),eth()' 1
step ovs-appctl dpctl/mod-flow --may-create 'recirc_id(500),in_port(1),eth()' 2
step ovs-appctl dpctl/mod-flow --may-create 'ufid:44444444-2222-3333-4444-555555555501,recirc_id(501),in_port(1),eth()' 3
step ovs-dpctl mod-flow dp0 'recirc_id(39),tunnel(tun_id=0x1234,src=192.168.0.1,dst=192.168.0.2,tos=0x10,ttl=64,tp_src=12345,tp_dst=4789,flags(df|csum|key)),in_port(1),eth(),eth_type(0x0800),ipv4(frag=no)' 'ct(commit),3'
step ovs-appctl dpctl/mod-flow dp0 'recirc_id(200),in_port(3),eth(src=02:00:00:00:01:01,dst=02:00:00:00:01:02),eth_type(0x0800),ipv4(src=10.3.0.1,dst=10.3.0.2,proto=6,tos=0,ttl=64,frag=no),tcp(src=1,dst=2),tcp_flags(0)' 2
step ovs-appctl dpctl/mod-flow -s 'ufid:22222222-2222-3333-4444-555555555504,recirc_id(313),in_port(2),eth()' 'userspace(pid=2,userdata(fe))'
step ovs-appctl dpctl/mod-flow --may-create 'recirc_id(502),in_port(2),eth()' 1
step bash -c 'printf "%s\n" "recirc_id(400),in_port(2),eth() 3" "modify recirc_id(401),in_port(2),eth() 1" "add recirc_id(403),in_port(2),eth() 1" | ovs-dpctl mod-flows dp0 -'
step ovs-dpctl get-flow dp0 ufid:11111111-2222-3333-4444-555555555501
step ovs-appctl dpctl/get-flow dp0 ufid:44444444-2222-3333-4444-555555555501
step ovs-appctl dpctl/show dp0
step sorted ovs-appctl dpctl/dump-flows dp0
step sorted ovs-appctl dpctl/dump-flows -m dp0

# del-flow: by key, by UFID, with statistics; then del-flows.
step ovs-dpctl del-flow dp0 'recirc_id(1),dp_hash(0),skb_priority(0x7),in_port(1),skb_mark(0x10),eth(src=02:00:00:00:00:01,dst=02:00:00:00:00:02),eth_type(0x0800),ipv4(src=10.0.0.1,dst=10.0.0.2,proto=6,tos=0x10,ttl=64,frag=no),tcp(src=1000,dst=80),tcp_flags(syn)'
step ovs-dpctl del-flow -s dp0 'recirc_id(24),in_port(2),eth(),eth_type(0x8847),mpls(label=100,tc=3,ttl=64,bos=1)'
step ovs-dpctl del-flow dp0 'recirc_id(29),in_port(1),eth(),eth_type(0x88a8),vlan(vid=100,pcp=0),encap(eth_type(0x8100),vlan(vid=200,pcp=5),encap(eth_type(0x0800),ipv4(proto=6,frag=no),tcp(dst=22),tcp_flags(0)))'
step ovs-dpctl del-flow dp0 'ufid:11111111-2222-3333-4444-555555555502'
step ovs-dpctl del-flow -s dp0 'ufid:11111111-2222-3333-4444-555555555506'
step ovs-appctl dpctl/del-flow dp0 'recirc_id(201),in_port(3),eth(),eth_type(0x86dd),ipv6(src=2001:db8:3::1,dst=2001:db8:3::2,label=0x3,proto=17,tclass=0,hlimit=64,frag=no),udp(src=1,dst=2)'
step ovs-appctl dpctl/del-flow dp0 'ufid:22222222-2222-3333-4444-555555555501'
step bash -c 'printf "%s\n" "recirc_id(400),in_port(2),eth()" "delete recirc_id(401),in_port(2),eth()" | ovs-dpctl del-flows dp0 -'
step ovs-dpctl show dp0
step sorted ovs-dpctl dump-flows dp0
step ovs-dpctl del-flows dp0
step ovs-appctl dpctl/add-flow dp0 'recirc_id(600),in_port(1),eth()' 1
step ovs-appctl dpctl/add-flow dp0 'ufid:55555555-2222-3333-4444-555555555501,recirc_id(601),in_port(1),eth()' 2
step ovs-appctl dpctl/del-flows dp0
step ovs-appctl dpctl/dump-flows dp0
step ovs-dpctl show dp0

# Flows go with their datapath.
step ovs-dpctl add-flow dp0 'recirc_id(700),in_port(1),eth()' 1
step ovs-dpctl del-dp dp0
step ovs-dpctl add-dp dp0
step ovs-dpctl dump-flows dp0
step ovs-dpctl del-dp dp0
step ovs-appctl -t ovs-vswitchd exit
step ovs-appctl -t ovsdb-server exit
